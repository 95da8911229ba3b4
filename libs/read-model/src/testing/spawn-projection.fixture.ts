import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../../..');

/**
 * Starts run-projection.fixture.ts in a process of its own: node itself with tsx's loader, not the
 * tsx CLI, which would run the script in a grandchild that a SIGKILL to the child leaves running.
 */
export function spawnProjectionProcess(config: Record<string, unknown>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'run-projection.fixture.ts')], {
    cwd: ROOT,
    env: { ...process.env, READ_MODEL_FIXTURE: JSON.stringify(config) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

export const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve()),
  );
