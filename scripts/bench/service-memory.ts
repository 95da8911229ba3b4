import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT } from '../engines/settings';
import { printTable } from './bench-kit';

/**
 * Each service's resident memory, measured honestly. The benches host the services in their own
 * process, whose memory cannot be split between them; so the measured service runs alone, as its own
 * process started as `npm start` starts it (`node dist/services/<name>/src/main.js`, built by swc),
 * over the data the bench left and under a load the bench gives. Its resident set now and at its peak
 * (VmRSS, VmHWM) are what the kernel charges that process alone.
 */
export const MEMORY_LIMIT_MB = 300;

export type ServiceName =
  'certificate-service' | 'client-service-service' | 'notification-service' | 'backoffice-gateway';

export interface MemoryFigure {
  service: ServiceName;
  /** What the service did while measured. */
  load: string;
  rssMb: number;
  peakMb: number;
}

let built = false;

function buildOnce(): void {
  if (built) return;
  const result = spawnSync('npm', ['run', '--silent', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('npm run build failed');
  built = true;
}

/** VmRSS and VmHWM of a process, in MB, from /proc (Linux). */
export function residentMemory(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kilobytes = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: kilobytes('VmRSS') / 1024, peakMb: kilobytes('VmHWM') / 1024 };
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });

/**
 * Starts `service` alone with `env` (its configuration variables), waits until it is ready, runs `load`
 * against its base URL, reads its memory and stops it.
 */
export async function measureAlone(
  service: ServiceName,
  env: Record<string, string>,
  load: string,
  run: (url: string, pid: number) => Promise<void>,
): Promise<MemoryFigure> {
  buildOnce();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [join(REPO_ROOT, 'dist', 'services', service, 'src', 'main.js')], {
    env: { ...process.env, NODE_ENV: 'development', ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const errors: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => errors.push(chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitReady(url, () => child.exitCode !== null);
    await run(url, child.pid!);
    return { service, load, ...residentMemory(child.pid!) };
  } catch (error) {
    throw new Error(`${service} alone: ${String(error)}\n${errors.join('').slice(-2000)}`);
  } finally {
    child.kill('SIGTERM');
    const killed = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killed);
  }
}

/** CPU time (user + system, in clock ticks) a process has used, from /proc. */
const cpuTicks = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(fields[11]) + Number(fields[12]);
};

/**
 * Waits until a process has used under 10 % of a core for `quietMs` (its catch-up done; idle, a service still
 * polls its store and heartbeats Kafka); false at `timeoutMs`.
 */
export async function waitQuiet(pid: number, quietMs = 5000, timeoutMs = 300_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let since = { at: Date.now(), ticks: cpuTicks(pid) };
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const ticks = cpuTicks(pid);
    // Clock ticks are 1/100 s: 10 % of a core over `quietMs`.
    if (ticks - since.ticks > (quietMs / 1000) * 10) since = { at: Date.now(), ticks };
    else if (Date.now() - since.at >= quietMs) return true;
  }
  return false;
}

async function waitReady(url: string, exited: () => boolean, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !exited()) {
    const response = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(4000) }).catch(() => undefined);
    if (response?.status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(exited() ? 'exited before it was ready' : `not ready within ${timeoutMs / 1000} s`);
}

/** Prints the figures and whether each peak stays within the limit; true when every one does. */
export function printServiceMemory(title: string, figures: MemoryFigure[]): boolean {
  const met = (figure: MemoryFigure) => figure.peakMb <= MEMORY_LIMIT_MB;
  console.log(`\n${title}`);
  printTable(
    ['service (alone, its own process)', 'while', 'resident', 'peak', `peak <= ${MEMORY_LIMIT_MB} MB`],
    figures.map((figure) => [
      figure.service,
      figure.load,
      `${figure.rssMb.toFixed(0)} MB`,
      `${figure.peakMb.toFixed(0)} MB`,
      met(figure) ? 'met' : 'not met',
    ]),
  );
  console.log(
    'resident = VmRSS after the load, peak = VmHWM (the most it held at once), from /proc of the service process started ' +
      'as npm start starts it (node dist/services/<name>/src/main.js).',
  );
  return figures.every(met);
}
