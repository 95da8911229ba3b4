import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { installDebianPackages } from '../engines/debian-packages';
import type { EngineSettings } from '../engines/settings';
import { runForeground } from '../run/shutdown';

export const SCHEMATHESIS_VERSION = '4.32.5';

/**
 * schemathesis in its own virtual environment under the per-user cache, keyed by version, so a
 * fresh clone reuses it and the repository never holds it. Returns the path of its `st` command.
 */
export async function ensureSchemathesis(settings: EngineSettings, say: (message: string) => void): Promise<string> {
  const venv = join(settings.cacheDir, `schemathesis-${SCHEMATHESIS_VERSION}`);
  const st = join(venv, 'bin', 'st');
  if (existsSync(st)) return st;
  // Debian splits venv's pip bootstrap into python3-venv: installed like the engines' packages.
  if (spawnSync('python3', ['-c', 'import venv, ensurepip']).status !== 0) {
    await installDebianPackages(settings, ['python3-venv'], 'npm run fuzz: a virtual environment for schemathesis');
  }
  say(`installing schemathesis ${SCHEMATHESIS_VERSION} into ${venv} (first run only) …`);
  if ((await runForeground('python3', ['-m', 'venv', venv], {})) !== 0) {
    throw new Error('python3 -m venv failed: install python3 and python3-venv (Debian: apt-get install python3-venv)');
  }
  const pip = join(venv, 'bin', 'pip');
  if (
    (await runForeground(
      pip,
      ['install', '--quiet', '--disable-pip-version-check', `schemathesis==${SCHEMATHESIS_VERSION}`],
      {},
    )) !== 0 ||
    !existsSync(st)
  ) {
    throw new Error(`installing schemathesis ${SCHEMATHESIS_VERSION} failed (see pip's output above)`);
  }
  return st;
}
