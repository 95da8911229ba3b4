import { ChildProcess, spawn, SpawnOptions } from 'node:child_process';

const children = new Set<ChildProcess>();
let stopping = false;

export const isStopping = () => stopping;

let cleanupHandler: () => Promise<void> = async () => undefined;

/** Stops everything through the registered cleanup, then exits with `code`. */
export async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    await cleanupHandler().catch((error: Error) => process.stderr.write(`while stopping: ${error.message}\n`));
  }
  process.exit(code);
}

/**
 * Runs `cleanup` once on SIGINT, SIGTERM or SIGHUP, then exits. npm and tsx relay the
 * signal to this process; a Ctrl-C in the terminal also reaches the foreground children
 * directly, and a signal sent to npm alone is forwarded to them here. A third signal
 * exits at once.
 */
export function onShutdown(cleanup: () => Promise<void>): void {
  cleanupHandler = cleanup;
  let received = 0;
  const handle = (signal: NodeJS.Signals) => {
    received += 1;
    if (received >= 3) {
      for (const child of children) child.kill('SIGKILL');
      process.exit(130);
    }
    if (stopping) return;
    process.stdout.write(`\n${signal} received: stopping …\n`);
    void shutdown(130);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, handle);
}

/** Runs a foreground command (output straight to the terminal) and resolves with its exit code. */
export function runForeground(command: string, args: string[], options: SpawnOptions = {}): Promise<number> {
  const child = spawn(command, args, { stdio: 'inherit', ...options });
  children.add(child);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      children.delete(child);
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}
