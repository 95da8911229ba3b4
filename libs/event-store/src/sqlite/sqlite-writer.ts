import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AppendOutcome, AppendRequest } from '../append-request';
import { messageToError, outcomeFromMessage, WriterReply, WriterRequest } from './sqlite-writer.messages';

// Built, the worker is a .js file beside this one; from source (tests, tsx), a .ts file that the
// worker thread compiles with tsx's CommonJS hook, as the thread does not inherit the caller's loader.
const WORKER_FILE = join(__dirname, `sqlite-writer.worker${extname(__filename)}`);

function startWorker(fileName: string): Worker {
  const workerData = { fileName };
  if (!WORKER_FILE.endsWith('.ts')) return new Worker(WORKER_FILE, { workerData });
  const source = `require(${JSON.stringify(require.resolve('tsx/cjs/api'))}).register(); require(${JSON.stringify(WORKER_FILE)});`;
  return new Worker(source, { eval: true, workerData });
}

/**
 * The SQLite event store's write connection in a worker thread (sqlite-writer.worker.ts): `commit`
 * resolves once the group's transaction has committed there, fsync included, so the event loop keeps
 * serving requests and reads while the disk syncs. One group at a time: SQLite has one writer.
 */
export class SqliteWriter {
  private readonly worker: Worker;
  private readonly inFlight = new Map<
    number,
    { resolve(outcomes: AppendOutcome[]): void; reject(error: unknown): void }
  >();
  private nextId = 0;
  private broken: Error | undefined;
  private readonly exited: Promise<void>;

  constructor(fileName: string) {
    this.worker = startWorker(fileName);
    // An idle writer does not keep the process alive; a commit in flight does (see commit).
    this.worker.unref();
    this.worker.on('message', (reply: WriterReply) => this.settle(reply));
    this.worker.on('error', (error) => this.fail(error));
    this.exited = new Promise((resolve) =>
      this.worker.once('exit', () => {
        this.fail(new Error('the SQLite writer thread has stopped'));
        resolve();
      }),
    );
  }

  commit(requests: AppendRequest[], recordedAt: number): Promise<AppendOutcome[]> {
    if (this.broken) return Promise.reject(this.broken);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.inFlight.set(id, { resolve, reject });
      if (this.inFlight.size === 1) this.worker.ref();
      this.post({ kind: 'commit', id, requests, recordedAt });
    });
  }

  /** Closes the write connection once the commits already asked for have answered. */
  async close(): Promise<void> {
    this.worker.ref();
    this.post({ kind: 'close' });
    await this.exited;
  }

  private post(request: WriterRequest): void {
    this.worker.postMessage(request);
  }

  private settle(reply: WriterReply): void {
    const waiting = this.inFlight.get(reply.id);
    if (!waiting) return;
    this.inFlight.delete(reply.id);
    if (this.inFlight.size === 0) this.worker.unref();
    if ('failed' in reply) waiting.reject(messageToError(reply.failed));
    else waiting.resolve(reply.outcomes.map(outcomeFromMessage));
  }

  private fail(error: Error): void {
    this.broken ??= error;
    for (const waiting of this.inFlight.values()) waiting.reject(error);
    this.inFlight.clear();
  }
}
