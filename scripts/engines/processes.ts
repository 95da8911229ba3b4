import { spawn } from 'node:child_process';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  openSync,
  closeSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import type { Step } from './progress';

export class MissingToolError extends Error {}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const tail = (text: string, lines: number) => text.split('\n').filter(Boolean).slice(-lines).join('\n');

/** Runs a build tool to completion, its output going to `logFile` and the step's heartbeat. */
export async function runTool(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; logFile: string; step?: Step },
): Promise<void> {
  mkdirSync(dirname(options.logFile), { recursive: true });
  appendFileSync(options.logFile, `\n$ ${command} ${args.join(' ')}\n`);
  let output = '';
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      appendFileSync(options.logFile, `${line}\n`);
      output = tail(`${output}\n${line}`, 40);
      options.step?.note(line);
    });
  }
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'ENOENT' ? new MissingToolError(`'${command}' is not installed or not on PATH`) : error),
    );
    child.on('close', resolve);
  });
  if (code !== 0) {
    throw new Error(
      `${command} ${args.slice(0, 3).join(' ')} … exited with ${code}; last output:\n${tail(output, 20)}\n(full log: ${options.logFile})`,
    );
  }
}

export const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** A recycled pid must not be mistaken for our engine: its command line has to mention `marker`. */
const runs = (pid: number, marker: string): boolean => {
  if (!isAlive(pid)) return false;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker);
  } catch {
    return !existsSync('/proc/self'); // no procfs: trust the pid
  }
};

/** The pid recorded in `pidFile` if that process is still our engine; a stale file is removed. */
export function runningPid(pidFile: string, marker: string): number | undefined {
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  if (Number.isInteger(pid) && pid > 0 && runs(pid, marker)) return pid;
  rmSync(pidFile, { force: true });
  return undefined;
}

/**
 * Starts a long-running engine in its own process group, detached from ours, so a
 * Ctrl-C in the terminal reaches only our scripts, which then stop things in order.
 */
export function spawnDaemon(options: {
  command: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  logFile: string;
  pidFile: string;
}): number {
  mkdirSync(dirname(options.logFile), { recursive: true });
  mkdirSync(dirname(options.pidFile), { recursive: true });
  const log = openSync(options.logFile, 'a');
  try {
    const child = spawn(options.command, options.args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      detached: true,
      stdio: ['ignore', log, log],
    });
    if (child.pid === undefined) throw new MissingToolError(`could not start '${options.command}'`);
    child.on('error', () => undefined); // reported through readiness and the log instead
    // An engine that dies while we wait for it says how in its own log, even when it wrote nothing itself.
    child.on('exit', (code, signal) =>
      appendFileSync(
        options.logFile,
        `[engines] ${options.command} exited (${signal ? `signal ${signal}` : `code ${code}`})\n`,
      ),
    );
    child.unref();
    writeFileSync(options.pidFile, `${child.pid}\n`);
    return child.pid;
  } finally {
    closeSync(log);
  }
}

const signalGroup = (pid: number, signal: NodeJS.Signals) => {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      /* already gone */
    }
  }
};

/** `signal` (SIGTERM unless said) to the engine's process group, then SIGKILL if it has not exited in time. */
export async function stopDaemon(
  pidFile: string,
  marker: string,
  graceMs = 20_000,
  signal: NodeJS.Signals = 'SIGTERM',
): Promise<boolean> {
  const pid = runningPid(pidFile, marker);
  if (pid === undefined) return false;
  signalGroup(pid, signal);
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(100);
  if (isAlive(pid)) {
    signalGroup(pid, 'SIGKILL');
    while (isAlive(pid)) await sleep(50);
  }
  rmSync(pidFile, { force: true });
  return true;
}
