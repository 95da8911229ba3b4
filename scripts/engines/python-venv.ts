import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { installDebianPackages } from './debian-packages';
import { runTool } from './processes';
import type { Step } from './progress';
import { EngineSettings } from './settings';

export interface PythonVenv {
  /** The venv's folder, under the per-user cache, keyed by what it holds. */
  dir: string;
  /** Exact pins (`name==version`): the venv is rebuilt when they change. */
  packages: string[];
  /** Said in the Debian install's message when python3-venv is missing. */
  purpose: string;
  logFile: string;
}

/** `Python 3.11.7`, or '' when there is no python3 (provisioning then installs it). */
export const pythonVersion = (): string => {
  const result = spawnSync('python3', ['--version'], { encoding: 'utf8' });
  return result.error ? '' : `${result.stdout}${result.stderr}`.trim();
};

export const venvBin = (venv: Pick<PythonVenv, 'dir'>, command: string) => join(venv.dir, 'bin', command);

/**
 * A Python tool in a virtual environment of its own: Debian splits venv's pip bootstrap into
 * python3-venv, installed like the engines' packages when missing. The caller stamps the folder.
 */
export async function createVenv(settings: EngineSettings, venv: PythonVenv, progress?: Step): Promise<void> {
  if (spawnSync('python3', ['-c', 'import venv, ensurepip']).status !== 0) {
    await installDebianPackages(settings, ['python3-venv'], venv.purpose);
  }
  // A half-made venv (interrupted install) is not trusted: start it again.
  if (existsSync(venv.dir)) rmSync(venv.dir, { recursive: true, force: true });
  await runTool('python3', ['-m', 'venv', venv.dir], { logFile: venv.logFile, step: progress });
  await runTool(
    venvBin(venv, 'pip'),
    ['install', '--quiet', '--disable-pip-version-check', '--no-input', ...venv.packages],
    { logFile: venv.logFile, step: progress },
  );
}
