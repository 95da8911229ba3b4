import { Client, ClientConfig, Pool } from 'pg';

/**
 * Cross-process wake-ups over LISTEN/NOTIFY. After a commit the writer sends one NOTIFY (coalesced:
 * at most one in flight and one queued), outside the append's transaction so appends do not take
 * PostgreSQL's commit-time notify lock. A listener that loses its connection reconnects and wakes its
 * subscribers once, since it may have missed a notification; the subscribers' poll is the backstop.
 */
export class PostgresWakeups {
  private listener: Client | undefined;
  private listening: Promise<void> | undefined;
  private sending = false;
  private sendAgain = false;
  private stopped = false;

  constructor(
    private readonly config: ClientConfig,
    private readonly channel: string,
    private readonly onWake: () => void,
    private readonly reconnectDelayMs = 1000,
  ) {}

  /** Starts listening (once); resolves when LISTEN is in place or the first attempt failed. */
  listen(): Promise<void> {
    this.listening ??= this.connect();
    return this.listening;
  }

  notify(pool: Pool): void {
    if (this.stopped) return;
    if (this.sending) {
      this.sendAgain = true;
      return;
    }
    this.sending = true;
    pool
      .query('SELECT pg_notify($1, $2)', [this.channel, ''])
      .catch(() => undefined)
      .finally(() => {
        this.sending = false;
        if (this.sendAgain) {
          this.sendAgain = false;
          this.notify(pool);
        }
      });
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
