import type { Pool, PoolClient, QueryConfig } from 'pg';
import {
  EventFilter,
  NewEvent,
  ExpectedRevision,
  GlobalPosition,
  RecordedEvent,
  StreamRevision,
  WrongExpectedRevisionError,
  streamCategory,
} from '../event-store.port';
import type { AppendOutcome, AppendRequest } from '../append-request';
import { EVENT_COLUMNS, POSITION_SHIFT } from './postgres-schema';

type EventRow = [string, string, string, number, string, unknown, RecordedEvent['metadata'], Date, string];
type AppendRow = [outcome: string, revision: number | null, lastPosition: string | null, owner: string | null];

/** A page of the global log: only settled events (no lower position can still commit); `unsettled` when some were held back. */
export interface LogPage {
  events: RecordedEvent[];
  unsettled: boolean;
}

const expectedParam = (expected: ExpectedRevision) =>
  expected.kind === 'exact' ? String(expected.revision) : expected.kind;

const eventColumns = (events: NewEvent[]) => [
  events.map((event) => event.eventId),
  events.map((event) => event.type),
  events.map((event) => JSON.stringify(event.data ?? null)),
  events.map((event) => JSON.stringify(event.metadata ?? {})),
];

function toOutcome(
  [outcome, revision, lastPosition, owner]: AppendRow,
  { streamId, expected }: AppendRequest,
): AppendOutcome {
  switch (outcome) {
    case 'ok':
    case 'replay':
      return { ok: true, result: { nextExpectedRevision: revision!, position: BigInt(lastPosition ?? 0) } };
    case 'foreign':
      return {
        ok: false,
        error: new Error(`an event id of this append is already recorded in stream ${owner}, not ${streamId}`),
      };
    default:
      return { ok: false, error: new WrongExpectedRevisionError(streamId, expected, revision ?? undefined) };
  }
}

const toRecordedEvent = ([position, eventId, streamId, revision, type, data, metadata, recordedAt]: EventRow) => ({
  eventId,
  type,
  data,
  metadata,
  streamId,
  revision,
  position: BigInt(position),
  recordedAt,
});

function filterClause(filter: EventFilter | undefined, firstParam: number) {
  const categories = filter?.streamCategories ?? [];
  const types = filter?.eventTypes ?? [];
  const params: string[][] = [];
  let sql = '';
  if (categories.length > 0) {
    sql += ` AND category = ANY ($${firstParam + params.length})`;
    params.push(categories);
  }
  if (types.length > 0) {
    sql += ` AND type = ANY ($${firstParam + params.length})`;
    params.push(types);
  }
  return { sql, params, key: `${categories.length > 0 ? 'c' : ''}${types.length > 0 ? 't' : ''}` };
}

/** The SQL side of the PostgreSQL event store: named (prepared once per connection) statements. */
export class PostgresEventLog {
  constructor(
    private readonly pool: Pool,
    private readonly schema: string,
  ) {}

  /**
   * Runs the appends in one transaction (one WAL flush) and one round trip, each checked on its own;
   * rows are numbered across the group inside the transaction. Run inside an open transaction by the
   * tests' held append.
   */
  async appendBatch(client: PoolClient, requests: AppendRequest[]): Promise<AppendOutcome[]> {
    if (requests.length === 1) return [await this.appendOne(client, requests[0])];
    const events = requests.flatMap((request) => request.events);
    const result = await client.query<AppendRow>({
      name: `${this.schema}.append-group`,
      text: `SELECT * FROM ${this.schema}.append_group($1, $2, $3, $4, $5, $6, $7, $8)`,
      values: [
        requests.map((request) => request.streamId),
        requests.map((request) => streamCategory(request.streamId)),
        requests.map((request) => request.events.length),
        requests.map((request) => expectedParam(request.expected)),
        ...eventColumns(events),
      ],
      rowMode: 'array',
    } as QueryConfig);
    return result.rows.map((row, index) => toOutcome(row, requests[index]));
  }

  async readStream(streamId: string, fromRevision: StreamRevision, maxCount: number | null): Promise<RecordedEvent[]> {
    const result = await this.pool.query<EventRow>({
      name: `${this.schema}.read-stream`,
      text: `SELECT ${EVENT_COLUMNS} FROM ${this.schema}.events WHERE stream_id = $1 AND revision >= $2 ORDER BY revision LIMIT $3`,
      values: [streamId, fromRevision, maxCount],
      rowMode: 'array',
    });
    return result.rows.map(toRecordedEvent);
  }

  /**
   * Events after `after` in position order, cut before the first one at or above the settled bound
   * (computed from the same snapshot the rows are read with).
   */
  async readAll(after: GlobalPosition, maxCount: number | null, filter?: EventFilter): Promise<LogPage> {
    const { sql, params, key } = filterClause(filter, 3);
    const result = await this.pool.query<EventRow>({
      name: `${this.schema}.read-all-${key}`,
      text:
        `SELECT ${EVENT_COLUMNS}, (SELECT (pg_snapshot_xmin(pg_current_snapshot())::text::bigint << ${POSITION_SHIFT})::text) ` +
        `FROM ${this.schema}.events WHERE position > $1${sql} ORDER BY position LIMIT $2`,
      values: [after.toString(), maxCount, ...params],
      rowMode: 'array',
    } as QueryConfig);
    const rows = result.rows;
    if (rows.length === 0) return { events: [], unsettled: false };
    const bound = BigInt(rows[0][8]);
    const cut = rows.findIndex((row) => BigInt(row[0]) >= bound);
    const settled = cut === -1 ? rows : rows.slice(0, cut);
    return { events: settled.map(toRecordedEvent), unsettled: cut !== -1 };
  }

  async head(filter?: EventFilter): Promise<GlobalPosition> {
    const { sql, params, key } = filterClause(filter, 1);
    const result = await this.pool.query<[string | null]>({
      name: `${this.schema}.head-${key}`,
      text: `SELECT max(position)::text FROM ${this.schema}.events WHERE true${sql}`,
      values: params,
      rowMode: 'array',
    } as QueryConfig);
    return BigInt(result.rows[0][0] ?? 0);
  }

  private async appendOne(client: PoolClient, request: AppendRequest): Promise<AppendOutcome> {
    const result = await client.query<AppendRow>({
      name: `${this.schema}.append`,
      text: `SELECT * FROM ${this.schema}.append_to_stream($1, $2, $3, $4, $5, $6, $7, 0)`,
      values: [
        request.streamId,
        streamCategory(request.streamId),
        ...eventColumns(request.events),
        expectedParam(request.expected),
      ],
      rowMode: 'array',
    } as QueryConfig);
    return toOutcome(result.rows[0], request);
  }
}
