import type { Database, Statement, Transaction } from 'better-sqlite3';
import {
  AppendResult,
  EventFilter,
  ExpectedRevision,
  RecordedEvent,
  StreamRevision,
  WrongExpectedRevisionError,
  streamCategory,
} from '../event-store.port';
import type { AppendOutcome, AppendRequest } from '../append-request';
import { EVENT_COLUMNS, EventRow, filterClause, toRecordedEvent } from './sqlite-schema';

const satisfies = (expected: ExpectedRevision, current: StreamRevision | undefined): boolean =>
  expected.kind === 'any' || (expected.kind === 'no-stream' ? current === undefined : current === expected.revision);

const isUniqueViolation = (error: unknown): boolean =>
  (error as { code?: string } | null)?.code === 'SQLITE_CONSTRAINT_UNIQUE';

/** The synchronous SQL side of the SQLite event store: one connection, prepared statements. */
export class SqliteEventLog {
  private readonly currentRevisionStmt: Statement<[string], number | null>;
  private readonly insertStmt: Statement;
  private readonly byEventIdStmt: Statement<[string], { stream_id: string; revision: number }>;
  private readonly atRevisionStmt: Statement<[string, number], { event_id: string; position: number }>;
  private readonly readStreamStmt: Statement<[string, number, number], EventRow>;
  private readonly filtered = new Map<string, Statement>();
  private readonly insertAll: (request: AppendRequest, from: number, recordedAt: number) => AppendResult;
  private readonly appendAll: Transaction<(requests: AppendRequest[], recordedAt: number) => AppendOutcome[]>;

  constructor(private readonly db: Database) {
    this.currentRevisionStmt = db
      .prepare<[string], number | null>('SELECT MAX(revision) FROM events WHERE stream_id = ?')
      .pluck();
    this.insertStmt = db.prepare(
      'INSERT INTO events (event_id, stream_id, revision, category, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.byEventIdStmt = db.prepare('SELECT stream_id, revision FROM events WHERE event_id = ?');
    this.atRevisionStmt = db.prepare('SELECT event_id, position FROM events WHERE stream_id = ? AND revision = ?');
    this.readStreamStmt = db
      .prepare<[string, number, number], EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?`,
      )
      .raw(true);
    const insertAll = (request: AppendRequest, from: number, recordedAt: number): AppendResult => {
      const category = streamCategory(request.streamId);
      let position = 0n;
      request.events.forEach((event, index) => {
        const info = this.insertStmt.run(
          event.eventId,
          request.streamId,
          from + index,
          category,
          event.type,
          JSON.stringify(event.data ?? null),
          JSON.stringify(event.metadata ?? {}),
          recordedAt,
        );
        position = BigInt(info.lastInsertRowid);
      });
      return { nextExpectedRevision: from + request.events.length - 1, position };
    };
    // Nested better-sqlite3 transactions are savepoints: a failing multi-event append rolls back only
    // its own rows. A single INSERT is atomic by itself and skips the savepoint round trips.
    const insertAllInSavepoint = db.transaction(insertAll);
    this.insertAll = (request, from, recordedAt) =>
      (request.events.length === 1 ? insertAll : insertAllInSavepoint)(request, from, recordedAt);
    this.appendAll = db.transaction((requests: AppendRequest[], recordedAt: number) =>
      requests.map((request): AppendOutcome => {
        try {
          return { ok: true, result: this.appendOne(request, recordedAt) };
        } catch (error) {
          return { ok: false, error };
        }
      }),
    );
  }

  /** All requests in one write transaction (one fsync); each one is checked and fails on its own. */
  appendBatch(requests: AppendRequest[], recordedAt: number): AppendOutcome[] {
    return this.appendAll.immediate(requests, recordedAt);
  }

  readStream(streamId: string, fromRevision: number, maxCount: number): RecordedEvent[] {
    return this.readStreamStmt.all(streamId, fromRevision, maxCount).map(toRecordedEvent);
  }

  readAll(after: bigint, maxCount: number, filter?: EventFilter): RecordedEvent[] {
    const { sql, params } = filterClause(filter);
    const stmt = this.statement(`read:${sql}`, () =>
      this.db
        .prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE position > ?${sql} ORDER BY position LIMIT ?`)
        .raw(true),
    );
    return (stmt.all(after, ...params, maxCount) as EventRow[]).map(toRecordedEvent);
  }

  head(filter?: EventFilter): bigint {
    const { sql, params } = filterClause(filter);
    const stmt = this.statement(`head:${sql}`, () =>
      this.db.prepare(`SELECT MAX(position) AS position FROM events WHERE 1 = 1${sql}`),
    );
    const row = stmt.get(...params) as { position: number | null };
    return BigInt(row.position ?? 0);
  }

  private appendOne(request: AppendRequest, recordedAt: number): AppendResult {
    const { streamId, events, expected } = request;
    const current = this.currentRevision(streamId);
    if (!satisfies(expected, current)) {
      const replayed = this.replayedResult(request);
      if (replayed) return replayed;
      throw new WrongExpectedRevisionError(streamId, expected, current);
    }
    if (events.length === 0) {
      const last = current === undefined ? undefined : this.atRevisionStmt.get(streamId, current);
      return { nextExpectedRevision: current ?? -1, position: BigInt(last?.position ?? 0) };
    }
    try {
      return this.insertAll(request, (current ?? -1) + 1, recordedAt);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const replayed = this.replayedResult(request);
      if (replayed) return replayed;
      for (const event of events) {
        const owner = this.byEventIdStmt.get(event.eventId);
        if (owner && owner.stream_id !== streamId) {
          throw new Error(`event ${event.eventId} is already recorded in stream ${owner.stream_id}, not ${streamId}`);
        }
      }
      // Some of these ids are already in this stream, but not as a replay of one append: a conflicting mix.
      throw new WrongExpectedRevisionError(streamId, expected, current);
    }
  }

  /**
   * An idempotent re-append: the same event ids already sit in this stream, in order, exactly where
   * the expected revision put them the first time. Returns that first append's result.
   */
  private replayedResult({ streamId, events, expected }: AppendRequest): AppendResult | undefined {
    if (events.length === 0) return undefined;
    const first = this.byEventIdStmt.get(events[0].eventId);
    if (!first || first.stream_id !== streamId) return undefined;
    const start = first.revision;
    if (expected.kind === 'no-stream' && start !== 0) return undefined;
    if (expected.kind === 'exact' && start !== expected.revision + 1) return undefined;
    let position = 0;
    for (let index = 0; index < events.length; index++) {
      const row = this.atRevisionStmt.get(streamId, start + index);
      if (!row || row.event_id !== events[index].eventId) return undefined;
      position = row.position;
    }
    return { nextExpectedRevision: start + events.length - 1, position: BigInt(position) };
  }

  private currentRevision(streamId: string): StreamRevision | undefined {
    return this.currentRevisionStmt.get(streamId) ?? undefined;
  }

  private statement(key: string, prepare: () => Statement): Statement {
    let stmt = this.filtered.get(key);
    if (!stmt) {
      stmt = prepare();
      this.filtered.set(key, stmt);
    }
    return stmt;
  }
}
