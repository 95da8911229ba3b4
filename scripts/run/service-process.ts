import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, WriteStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const COLORS = [36, 35, 33, 32, 34];
const KEPT_LINES = 30;
// eslint-disable-next-line no-control-regex -- the escape character is what an ANSI colour code starts with
const ANSI = /\x1b\[[0-9;]*m/g;

/**
 * One service started from dist/, in its own process group so only we signal it (and
 * stop it after the others, in order). Its output is prefixed with its name on our
 * terminal and copied to the run's log folder.
 */
export class ServiceProcess {
  private child?: ChildProcess;
  private log?: WriteStream;
  private readonly recent: string[] = [];
  private exited?: { code: number | null; signal: NodeJS.Signals | null };

  constructor(
    readonly name: string,
    readonly port: number,
    private readonly entry: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly logsDir: string,
    private readonly colorIndex: number,
  ) {}

  get logFile() {
    return join(this.logsDir, `${this.name}.log`);
  }

  get pid() {
    return this.child?.pid;
  }

  get hasExited() {
    return this.exited !== undefined;
  }

  lastLines(): string {
    return this.recent.map((line) => `    ${line}`).join('\n') || '    (no output)';
  }

  start(onUnexpectedExit: (service: ServiceProcess, code: number | null, signal: NodeJS.Signals | null) => void): void {
    mkdirSync(this.logsDir, { recursive: true });
    this.log = createWriteStream(this.logFile, { flags: 'a' });
    const child = spawn(process.execPath, ['--enable-source-maps', this.entry], {
      env: this.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const prefix = process.stdout.isTTY
      ? `\x1b[${COLORS[this.colorIndex % COLORS.length]}m[${this.name}]\x1b[0m `
      : `[${this.name}] `;
    for (const stream of [child.stdout!, child.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => {
        const plain = line.replace(ANSI, '');
        process.stdout.write(`${prefix}${process.stdout.isTTY ? line : plain}\n`);
        this.log?.write(`${plain}\n`);
        this.recent.push(plain);
        if (this.recent.length > KEPT_LINES) this.recent.shift();
      });
    }
    child.on('exit', (code, signal) => {
      this.exited = { code, signal };
      onUnexpectedExit(this, code, signal);
    });
  }

  /** True once `GET /health/ready` answers 200; false if it exited, time ran out or `abort` says so. */
  async waitReady(timeoutMs: number, abort: () => boolean = () => false): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline && !this.hasExited && !abort()) {
      try {
        const response = await fetch(`http://127.0.0.1:${this.port}/health/ready`, {
          signal: AbortSignal.timeout(4000),
        });
        if (response.status === 200) return true;
      } catch {
        /* not listening yet */
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    return false;
  }

  /** SIGTERM to its process group (NestJS shuts down gracefully), SIGKILL after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    const child = this.child;
    if (!child?.pid || this.hasExited) return this.closeLog();
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    this.signal('SIGTERM');
    const timer = setTimeout(() => this.signal('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
    this.signal('SIGKILL'); // anything it left behind in its group
    this.closeLog();
  }

  /** Last resort from a synchronous `exit` handler. */
  kill(): void {
    if (!this.hasExited) this.signal('SIGKILL');
  }

  private signal(signal: NodeJS.Signals) {
    try {
      process.kill(-this.child!.pid!, signal);
    } catch {
      /* group already gone */
    }
  }

  private closeLog() {
    this.log?.end();
    this.log = undefined;
  }
}
