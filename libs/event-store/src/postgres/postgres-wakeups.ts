import { Client, ClientConfig, Pool } from 'pg';

/**
 * Cross-process wake-ups over LISTEN/NOTIFY. After a commit the writer sends a NOTIFY, outside the
 * append's transaction so appends do not take PostgreSQL's commit-time notify lock, and at most one
 * per `minNotifyGapMs` (10 ms): under load one notification covers many commits. A listener that loses its connection reconnects and wakes its
 * subscribers once, since it may have missed a notification; the subscribers' poll is the backstop.
 */
export class PostgresWakeups {
  private listener: Client | undefined;
  private listening: Promise<void> | undefined;
  private queued = false;
  private lastSent = 0;
  private stopped = false;

  constructor(
    private readonly config: ClientConfig,
    private readonly channel: string,
    private readonly onWake: () => void,
    private readonly reconnectDelayMs = 1000,
    private readonly minNotifyGapMs = 10,
  ) {}

  /** Starts listening (once); resolves when LISTEN is in place or the first attempt failed. */
  listen(): Promise<void> {
    this.listening ??= this.connect();
    return this.listening;
  }

  /** Sends a NOTIFY now, or, within `minNotifyGapMs` of the last one, once at the end of that gap. */
  notify(pool: Pool): void {
    if (this.stopped || this.queued) return;
    const wait = this.lastSent + this.minNotifyGapMs - Date.now();
    this.queued = true;
    const send = () => {
      this.queued = false;
      this.lastSent = Date.now();
      // A NOTIFY takes a transaction id, so its commit would wait for a WAL flush of its own: it needs none.
      void pool
        .query("SELECT set_config('synchronous_commit', 'off', true), pg_notify($1, $2)", [this.channel, ''])
        .catch(() => undefined);
    };
    if (wait <= 0) send();
    else setTimeout(send, wait).unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client(this.config);
    client.on('notification', () => this.onWake());
    client.on('error', () => undefined);
    client.on('end', () => {
      if (this.listener !== client || this.stopped) return;
      this.listener = undefined;
      setTimeout(() => void this.connect().then(() => this.onWake()), this.reconnectDelayMs).unref();
    });
    try {
      await client.connect();
      await client.query(`LISTEN "${this.channel}"`);
      if (this.stopped) return void (await client.end());
      this.listener = client;
    } catch {
      await client.end().catch(() => undefined);
      if (!this.stopped) setTimeout(() => void this.connect().then(() => this.onWake()), this.reconnectDelayMs).unref();
    }
  }
}
