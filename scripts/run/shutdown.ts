import { ChildProcess, spawn, SpawnOptions } from 'node:child_process';
import { readFileSync } from 'node:fs';

const children = new Set<ChildProcess>();
let stopping = false;

export const isStopping = () => stopping;

let cleanupHandler: () => Promise<void> = async () => undefined;

/** Stops everything through the registered cleanup, then prints `finalWords` (so they stay visible) and exits. */
export async function shutdown(code: number, finalWords?: string): Promise<never> {
  if (!stopping) {
    stopping = true;
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    await cleanupHandler().catch((error: Error) => process.stderr.write(`while stopping: ${error.message}\n`));
  }
  if (finalWords) process.stderr.write(`\n${finalWords}\n`);
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
  watchAncestors(() => handle('SIGTERM'));
}

const parentOf = (pid: number): number | undefined => {
  try {
    // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may contain spaces, so split after ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
};

const commandOf = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0];
  } catch {
    return '';
  }
};

/**
 * npm runs a script through `sh -c`; without the `exec` in package.json a SIGTERM sent to
 * npm alone kills that shell and never reaches tsx, leaving us orphaned but alive. And a
 * SIGKILLed npm forwards nothing. So we also watch our ancestors up to the npm process
 * and shut down when one of them disappears.
 */
function watchAncestors(onLost: () => void): void {
  const ancestors: number[] = [];
  for (let pid = process.ppid; pid > 1 && ancestors.length < 5; pid = parentOf(pid) ?? 0) {
    ancestors.push(pid);
    if (/(^|\/)npm(-cli\.js)?$|^npm /.test(commandOf(pid))) break;
  }
  if (!ancestors.some((pid) => /npm/.test(commandOf(pid)))) ancestors.splice(1); // not under npm: our parent only
  const timer = setInterval(() => {
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    if (!ancestors.every(alive)) {
      clearInterval(timer);
      onLost();
    }
  }, 500);
  timer.unref();
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
