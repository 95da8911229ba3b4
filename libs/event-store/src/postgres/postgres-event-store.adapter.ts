import { createHash } from 'node:crypto';
import { Pool, PoolConfig } from 'pg';
import type {
  AppendResult,
  EventFilter,
  EventStore,
  ExpectedRevision,
  GlobalPosition,
  NewEvent,
  ReadAllOptions,
  RecordedEvent,
  StreamRevision,
  SubscribeOptions,
  Subscription,
  SubscriptionHandler,
} from '../event-store.port';
import { startCatchUp, tracked } from '../catch-up';
import type { AppendOutcome, AppendRequest } from '../append-request';
import { PostgresEventLog } from './postgres-event-log';
import { MAX_EVENTS_PER_TRANSACTION, checkedSchemaName, eventStoreSchema } from './postgres-schema';
import { PostgresWakeups } from './postgres-wakeups';

export interface PostgresEventStoreOptions {
  connectionString: string;
  /** The service's own schema in the database (created on start). */
  schema?: string;
  poolSize?: number;
  /** Subscribers re-read at least this often: the delivery bound when a notification is lost. */
  pollIntervalMs?: number;
  subscriptionPageSize?: number;
  /** Group-commit transactions in flight at once (each on its own connection). */
  maxConcurrentCommits?: number;
  /** How long `readAll` waits for events held back behind a still-open transaction before returning without them. */
  settleTimeoutMs?: number;
}

interface PendingAppend {
  request: AppendRequest;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

/** Deadlock and serialization failures abort a whole group; its appends are then retried one by one. */
const isRetryableGroupFailure = (error: unknown) =>
  ['40P01', '40001'].includes((error as { code?: string }).code ?? '');
const MAX_GROUP_EVENTS = 10_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The event store for services that run more than one replica. Durability: the pool's sessions run
 * with synchronous_commit=on and the store refuses a server with fsync off, so an append resolves only
 * after its commit record is flushed to the WAL on disk. Group commit: the appends requested in one
 * event-loop turn share one transaction (one WAL flush), each checked on its own and failing alone;
 * up to `maxConcurrentCommits` such groups are in flight. Live delivery: in-process appends wake
 * subscribers at once, other processes' appends through LISTEN/NOTIFY, and a poll every
 * `pollIntervalMs` bounds the delay when a notification is lost. An event behind a still-open older
 * transaction is delivered once that transaction ends (a short back-off re-read, never a skip).
 */
export class PostgresEventStore implements EventStore {
  private readonly pool: Pool;
  private readonly log: PostgresEventLog;
  private readonly wakeups: PostgresWakeups;
  private readonly ready: Promise<void>;
  private readonly listeners = new Set<() => void>();
  private readonly subscriptions = new Set<Subscription>();
  private pending: PendingAppend[] = [];
  private inFlight = 0;
  private flushScheduled = false;
  private drained: (() => void) | undefined;
  private closed = false;

  constructor(private readonly options: PostgresEventStoreOptions) {
    const schema = checkedSchemaName(options.schema ?? 'event_store');
    const config: PoolConfig = {
      connectionString: options.connectionString,
      max: options.poolSize ?? 10,
      options: '-c synchronous_commit=on',
    };
    this.pool = new Pool(config);
    this.pool.on('error', () => undefined);
    this.log = new PostgresEventLog(this.pool, schema);
    this.wakeups = new PostgresWakeups(config, `${schema}.events`, () => this.wake());
    this.ready = this.init(schema);
    this.ready.catch(() => undefined);
  }

  appendToStream(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('event store is closed'));
    if (events.length >= MAX_EVENTS_PER_TRANSACTION) {
      return Promise.reject(new Error(`at most ${MAX_EVENTS_PER_TRANSACTION - 1} events per append`));
    }
    return new Promise((resolve, reject) => {
      this.pending.push({ request: { streamId, events, expected }, resolve, reject });
      this.scheduleFlush();
    });
  }

  async readStream(
    streamId: string,
    options: { fromRevision?: StreamRevision; maxCount?: number } = {},
  ): Promise<RecordedEvent[]> {
    await this.ready;
    return this.log.readStream(streamId, options.fromRevision ?? 0, options.maxCount ?? null);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    await this.ready;
    const deadline = Date.now() + (this.options.settleTimeoutMs ?? 5000);
    for (let delay = 2; ; delay = Math.min(delay * 2, 50)) {
      const page = await this.log.readAll(options.after ?? 0n, options.maxCount ?? null, options.filter);
      if (!page.unsettled || Date.now() >= deadline) return page.events;
      await sleep(delay);
    }
  }

  async headPosition(filter?: EventFilter): Promise<GlobalPosition> {
    await this.ready;
    return this.log.head(filter);
  }

  subscribeToAll(handler: SubscriptionHandler, options: SubscribeOptions = {}): Subscription {
    const pollIntervalMs = this.options.pollIntervalMs ?? 1000;
    let listener: (() => void) | undefined;
    let backoffMs = 0;
    let recheck: NodeJS.Timeout | undefined;
    const source = {
      read: async (after: GlobalPosition, maxCount: number, filter?: EventFilter) => {
        await this.ready;
        await this.wakeups.listen();
        const page = await this.log.readAll(after, maxCount, filter);
        // Held back behind an open transaction: re-read soon, backing off towards the poll interval.
        backoffMs = page.unsettled ? Math.min(Math.max(backoffMs * 2, 5), pollIntervalMs) : 0;
        if (page.unsettled) recheck = setTimeout(() => listener?.(), backoffMs);
        return page.events;
      },
      onAppended: (wake: () => void) => {
        listener = wake;
        this.listeners.add(wake);
        return () => {
          clearTimeout(recheck);
          this.listeners.delete(wake);
        };
      },
    };
    const inner = startCatchUp(source, handler, options, {
      pageSize: this.options.subscriptionPageSize ?? 500,
      pollIntervalMs,
    });
    return tracked(this.subscriptions, inner);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    if (this.pending.length > 0 || this.inFlight > 0) await new Promise<void>((resolve) => (this.drained = resolve));
    await this.wakeups.stop();
    await this.pool.end();
  }

  /**
   * Creates or upgrades the schema unless it is already at this code's version: its DDL would take
   * table locks that wait behind open appends of other replicas.
   */
  private async init(schema: string): Promise<void> {
    const client = await this.pool.connect();
    try {
      const { rows } = await client.query<{ name: string; setting: string }>(
        "SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes')",
      );
      const off = rows.filter((row) => row.setting === 'off').map((row) => row.name);
      if (off.length > 0) {
        throw new Error(`PostgreSQL runs with ${off.join(', ')} off: acknowledged appends would not survive a crash`);
      }
      const ddl = eventStoreSchema(schema);
      const version = createHash('sha256').update(ddl).digest('hex').slice(0, 16);
      const current = () =>
        client
          .query<{ version: string | null }>(`SELECT obj_description(to_regclass($1), 'pg_class') AS version`, [
            `${schema}.events`,
          ])
          .then((result) => result.rows[0].version);
      if ((await current()) === version) return;
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`signstash-event-store:${schema}`]);
      if ((await current()) !== version) {
        await client.query(ddl);
        await client.query(`COMMENT ON TABLE ${schema}.events IS '${version}'`);
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private wake(): void {
    for (const listener of this.listeners) listener();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || this.pending.length === 0) return;
    if (this.inFlight >= (this.options.maxConcurrentCommits ?? 4)) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      void this.flush();
    });
  }

  private takeGroup(): PendingAppend[] {
    let events = 0;
    let count = 0;
    while (
      count < this.pending.length &&
      (count === 0 || events + this.pending[count].request.events.length <= MAX_GROUP_EVENTS)
    ) {
      events += this.pending[count].request.events.length;
      count++;
    }
    // Sorted by stream so that two processes' groups take row locks in the same order (no deadlock cycle).
    return this.pending
      .splice(0, count)
      .sort((a, b) => (a.request.streamId < b.request.streamId ? -1 : a.request.streamId > b.request.streamId ? 1 : 0));
  }

  private async flush(): Promise<void> {
    const group = this.takeGroup();
    if (group.length === 0) return;
    this.inFlight++;
    this.scheduleFlush();
    try {
      const outcomes = await this.commit(group.map((pending) => pending.request));
      outcomes.forEach((outcome, index) =>
        outcome.ok ? group[index].resolve(outcome.result) : group[index].reject(outcome.error),
      );
      if (outcomes.some((outcome) => outcome.ok)) {
        this.wake();
        this.wakeups.notify(this.pool);
      }
    } catch (error) {
      for (const pending of group) pending.reject(error);
    } finally {
      this.inFlight--;
      this.scheduleFlush();
      if (this.pending.length === 0 && this.inFlight === 0) this.drained?.();
    }
  }

  private async commit(requests: AppendRequest[]): Promise<AppendOutcome[]> {
    await this.ready;
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      try {
        return await this.log.appendBatch(client, requests);
      } catch (error) {
        if (requests.length === 1 || !isRetryableGroupFailure(error)) throw error;
        const outcomes: AppendOutcome[] = [];
        for (const request of requests) outcomes.push(...(await this.log.appendBatch(client, [request])));
        return outcomes;
      }
    } catch (error) {
      broken = error instanceof Error && !('code' in error) ? error : undefined;
      throw error;
    } finally {
      client.release(broken);
    }
  }
}
