import type { EventFilter, RecordedEvent } from '../event-store.port';

/**
 * One table is the whole store: the INTEGER PRIMARY KEY is the global position (AUTOINCREMENT so a
 * position is never reused), UNIQUE (stream_id, revision) is the optimistic-concurrency backstop and
 * UNIQUE (event_id) makes re-appends detectable. The category column serves category filters.
 */
export const EVENT_STORE_SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position    INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id    TEXT    NOT NULL UNIQUE,
  stream_id   TEXT    NOT NULL,
  revision    INTEGER NOT NULL,
  category    TEXT    NOT NULL,
  type        TEXT    NOT NULL,
  data        TEXT    NOT NULL,
  metadata    TEXT    NOT NULL,
  recorded_at INTEGER NOT NULL,
  UNIQUE (stream_id, revision)
);
CREATE INDEX IF NOT EXISTS events_by_category ON events (category, position);
CREATE INDEX IF NOT EXISTS events_by_type ON events (type, position);
`;

/**
 * WAL with synchronous=FULL: every commit fsyncs the WAL before it returns, so a committed append
 * survives a machine crash; group commit (see the adapter) shares that fsync between appends.
 */
export const EVENT_STORE_PRAGMAS = ['journal_mode = WAL', 'synchronous = FULL'];

export const EVENT_COLUMNS = 'position, event_id, stream_id, revision, type, data, metadata, recorded_at';

/** A row of EVENT_COLUMNS in array form (statements run in raw mode: no per-row key objects). */
export type EventRow = [
  position: number | bigint,
  eventId: string,
  streamId: string,
  revision: number,
  type: string,
  data: string,
  metadata: string,
  recordedAt: number,
];

export const toRecordedEvent = ([
  position,
  eventId,
  streamId,
  revision,
  type,
  data,
  metadata,
  recordedAt,
]: EventRow): RecordedEvent => ({
  eventId,
  type,
  data: JSON.parse(data),
  metadata: JSON.parse(metadata),
  streamId,
  revision,
  position: BigInt(position),
  recordedAt: new Date(recordedAt),
});

/** `AND …` clauses and their parameters for a filter; the clause text depends only on the list lengths. */
export function filterClause(filter: EventFilter | undefined): { sql: string; params: string[] } {
  const categories = filter?.streamCategories ?? [];
  const types = filter?.eventTypes ?? [];
  const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');
  let sql = '';
  if (categories.length > 0) sql += ` AND category IN (${placeholders(categories.length)})`;
  if (types.length > 0) sql += ` AND type IN (${placeholders(types.length)})`;
  return { sql, params: [...categories, ...types] };
}
