import BetterSqlite3, { Database } from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
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
import type { AppendRequest } from '../append-request';
import { SqliteEventLog } from './sqlite-event-log';
import { EVENT_STORE_PRAGMAS, EVENT_STORE_SCHEMA } from './sqlite-schema';

export interface SqliteEventStoreOptions {
  /** The service's own database file (created with its folder when missing). */
  fileName: string;
  /** Idle subscriptions re-check this often for appends made by another process. */
  pollIntervalMs?: number;
  subscriptionPageSize?: number;
}

interface PendingAppend {
  request: AppendRequest;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

const NO_LIMIT = -1;

/**
 * The embedded event store. Durability: an append's promise resolves only after its transaction has
 * committed with synchronous=FULL in WAL mode, i.e. after the WAL was fsynced. Group commit: every
 * append requested during the same event-loop turn is written in ONE transaction (one fsync); each
 * is still checked against its own expected revision and fails alone.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database;
  private readonly log: SqliteEventLog;
  private readonly appendListeners = new Set<() => void>();
  private readonly subscriptions = new Set<Subscription>();
  private pending: PendingAppend[] = [];
  private flushScheduled = false;
  private closed = false;

  constructor(private readonly options: SqliteEventStoreOptions) {
    if (options.fileName !== ':memory:') mkdirSync(dirname(options.fileName), { recursive: true });
    this.db = new BetterSqlite3(options.fileName, { timeout: 5000 });
    for (const pragma of EVENT_STORE_PRAGMAS) this.db.pragma(pragma);
    this.db.exec(EVENT_STORE_SCHEMA);
    this.log = new SqliteEventLog(this.db);
  }

  appendToStream(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('event store is closed'));
    return new Promise((resolve, reject) => {
      this.pending.push({ request: { streamId, events, expected }, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  async readStream<E extends DomainEvent = DomainEvent>(
    streamId: string,
    options: ReadStreamOptions = {},
  ): Promise<Recorded<E>[]> {
    return storedAs<E>(this.log.readStream(streamId, options.fromRevision ?? 0, options.maxCount ?? NO_LIMIT));
  }

  async readAll<E extends DomainEvent = DomainEvent>(options: ReadAllOptions = {}): Promise<Recorded<E>[]> {
    return storedAs<E>(this.log.readAll(options.after ?? 0n, options.maxCount ?? NO_LIMIT, options.filter));
  }

  async headPosition(filter?: EventFilter): Promise<GlobalPosition> {
    return this.log.head(filter);
  }

  subscribeToAll(handler: SubscriptionHandler, options: SubscribeOptions = {}): Subscription {
    const source = {
      read: (after: GlobalPosition, maxCount: number, filter?: EventFilter) =>
        this.log.readAll(after, maxCount, filter),
      onAppended: (listener: () => void) => {
        this.appendListeners.add(listener);
        return () => this.appendListeners.delete(listener);
      },
    };
    const inner = startCatchUp(source, handler, options, {
      pageSize: this.options.subscriptionPageSize ?? 500,
      pollIntervalMs: this.options.pollIntervalMs ?? 1000,
    });
    return tracked(this.subscriptions, inner);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    if (this.pending.length > 0) this.flush();
    this.db.close();
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    let outcomes;
    try {
      outcomes = this.log.appendBatch(
        batch.map((pending) => pending.request),
        Date.now(),
      );
    } catch (error) {
      // The commit itself failed (disk full, lock timeout): nothing of the batch was written.
      for (const pending of batch) pending.reject(error);
      return;
    }
    outcomes.forEach((outcome, index) =>
      outcome.ok ? batch[index].resolve(outcome.result) : batch[index].reject(outcome.error),
    );
    if (outcomes.some((outcome) => outcome.ok)) for (const listener of this.appendListeners) listener();
  }
}
