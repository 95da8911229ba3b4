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
import { GroupCommit } from '../group-commit';
import { SqliteEventLog } from './sqlite-event-log';
import { SqliteWriter } from './sqlite-writer';
import { EVENT_STORE_PRAGMAS, EVENT_STORE_SCHEMA } from './sqlite-schema';

export interface SqliteEventStoreOptions {
  /** The service's own database file (created with its folder when missing). */
  fileName: string;
  /** Idle subscriptions re-check this often for appends made by another process. */
  pollIntervalMs?: number;
  subscriptionPageSize?: number;
}

const NO_LIMIT = -1;

/**
 * The embedded event store. Durability: an append's promise resolves only after its transaction has
 * committed with synchronous=FULL in WAL mode, i.e. after the WAL was fsynced. Group commit: every
 * append requested during the same event-loop turn, or while the previous group is committing, is
 * written in ONE transaction (one fsync); each is still checked against its own expected revision and
 * fails alone. The writes run on a connection in a worker thread (SqliteWriter), so the fsync does not
 * block the event loop; reads use this thread's connection, which WAL lets read beside the writer and
 * which sees a group as soon as its commit has returned.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database;
  private readonly log: SqliteEventLog;
  private readonly appendListeners = new Set<() => void>();
  private readonly subscriptions = new Set<Subscription>();
  private readonly writer: SqliteWriter;
  private readonly groups: GroupCommit;
  private closed = false;

  constructor(private readonly options: SqliteEventStoreOptions) {
    if (options.fileName !== ':memory:') mkdirSync(dirname(options.fileName), { recursive: true });
    this.db = new BetterSqlite3(options.fileName, { timeout: 5000 });
    for (const pragma of EVENT_STORE_PRAGMAS) this.db.pragma(pragma);
    this.db.exec(EVENT_STORE_SCHEMA);
    this.log = new SqliteEventLog(this.db);
    this.writer = new SqliteWriter(options.fileName);
    const committed = () => {
      for (const listener of this.appendListeners) listener();
    };
    this.groups = new GroupCommit((requests) => this.writer.commit(requests, Date.now()), committed, 1, false);
  }

  appendToStream(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('event store is closed'));
    return this.groups.append({ streamId, events, expected });
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
    await this.groups.drain();
    await this.writer.close();
    this.db.close();
  }
}
