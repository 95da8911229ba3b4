import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { waitFor } from '@signstash/testing';

const REPO = join(__dirname, '../..');

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/**
 * A service in a process of its own, started from an entry file (see certificate-service.entry.ts):
 * node itself with tsx's loader (not the tsx CLI, whose grandchild a SIGKILL to the child would leave
 * running), on a free port, its output kept for failure messages.
 */
export class ServiceProcess {
  private output = '';

  private constructor(
    readonly name: string,
    readonly url: string,
    private readonly child: ChildProcess,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
  }

  static async start(entry: string, env: Record<string, string>, label: string): Promise<ServiceProcess> {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', entry], {
      cwd: REPO,
      env: { ...process.env, ...env, PORT: String(port), LOG_FORMAT: 'json' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const started = new ServiceProcess(label, `http://127.0.0.1:${port}`, child);
    await waitFor(
      async () => {
        if (child.exitCode !== null)
          throw new Error(`${label} exited with ${child.exitCode}: ${started.output.slice(-2000)}`);
        const response = await fetch(`${started.url}/health/ready`).catch(() => undefined);
        return response?.ok ? true : undefined;
      },
      120_000,
      250,
    );
    return started;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The value of a 0/1 gauge series from /metrics, e.g. `signstash_expiry_scheduler_leader`. */
  async gauge(series: RegExp): Promise<number | undefined> {
    const text = await (await fetch(`${this.url}/metrics`)).text();
    const line = text.split('\n').find((l) => series.test(l));
    return line === undefined ? undefined : Number(line.split(' ').at(-1));
  }

  kill(signal: NodeJS.Signals): Promise<void> {
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    if (!this.running) return Promise.resolve();
    this.child.kill(signal);
    return exited;
  }

  logTail(chars = 3000): string {
    return this.output.slice(-chars);
  }
}
