import { DatabaseError, Pool, PoolConfig } from 'pg';
import type {
  AppendResult,
  EventFilter,
  EventStore,
  ExpectedRevision,
  GlobalPosition,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  Recorded,
  SubscribeOptions,
  Subscription,
  SubscriptionHandler,
} from '../event-store.port';
import { storedAs } from '../event-store.port';
import type { DomainEvent } from '../decider';
import { startCatchUp, tracked } from '../catch-up';
import type { AppendOutcome, AppendRequest } from '../append-request';
import { PostgresEventLog } from './postgres-event-log';
import { GroupCommit } from './postgres-group-commit';
import { MAX_EVENTS_PER_TRANSACTION, checkedSchemaName } from './postgres-schema';
import { ensureEventStoreSchema } from './postgres-schema-migration';
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

/** Deadlock and serialization failures abort a whole group; its appends are then retried one by one. */
const isRetryableGroupFailure = (error: unknown) =>
  ['40P01', '40001'].includes((error as { code?: string }).code ?? '');
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
  private readonly groups: GroupCommit;
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
    const committed = () => {
      this.wake();
      this.wakeups.notify(this.pool);
    };
    this.groups = new GroupCommit((requests) => this.commit(requests), committed, options.maxConcurrentCommits ?? 4);
    this.ready = ensureEventStoreSchema(this.pool, schema);
    this.ready.catch(() => undefined);
  }

  appendToStream(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('event store is closed'));
    if (events.length >= MAX_EVENTS_PER_TRANSACTION) {
      return Promise.reject(new Error(`at most ${MAX_EVENTS_PER_TRANSACTION - 1} events per append`));
    }
    return this.groups.append({ streamId, events, expected });
  }

  async readStream<E extends DomainEvent = DomainEvent>(
    streamId: string,
    options: ReadStreamOptions = {},
  ): Promise<Recorded<E>[]> {
    await this.ready;
    return storedAs<E>(await this.log.readStream(streamId, options.fromRevision ?? 0, options.maxCount ?? null));
  }

  async readAll<E extends DomainEvent = DomainEvent>(options: ReadAllOptions = {}): Promise<Recorded<E>[]> {
    await this.ready;
    const deadline = Date.now() + (this.options.settleTimeoutMs ?? 5000);
    for (let delay = 2; ; delay = Math.min(delay * 2, 50)) {
      const page = await this.log.readAll(options.after ?? 0n, options.maxCount ?? null, options.filter);
      if (!page.unsettled || Date.now() >= deadline) return storedAs<E>(page.events);
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
    await this.groups.drain();
    await this.wakeups.stop();
    await this.pool.end();
  }

  private wake(): void {
    for (const listener of this.listeners) listener();
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
      // A server-side error leaves the connection usable; anything else (a broken socket) discards it.
      broken = error instanceof DatabaseError ? undefined : (error as Error);
      throw error;
    } finally {
      client.release(broken);
    }
  }
}
