/**
 * The PostgreSQL store is one table and one function in the service's own schema.
 *
 * Positions are `transaction id << 20 | index within the transaction`, and readers take only the rows
 * below `pg_snapshot_xmin(pg_current_snapshot()) << 20`: every transaction with a lower id has ended, so
 * no append can still commit below that bound. A sequence would hand out positions in start order while
 * transactions commit in any order, and a reader past a still-open lower position would skip it for
 * good; this is the transaction-id approach of Emmett's PostgreSQL store, with the id in the position.
 * UNIQUE (stream_id, revision) is the optimistic-concurrency backstop across connections and
 * UNIQUE (event_id) makes re-appends detectable.
 */
export const POSITION_SHIFT = 20;
/** Rows of one transaction share its id: at most this many events per transaction. */
export const MAX_EVENTS_PER_TRANSACTION = 2 ** POSITION_SHIFT;

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

export function checkedSchemaName(schema: string): string {
  if (!IDENTIFIER.test(schema)) throw new Error(`PostgreSQL schema name "${schema}" must match ${IDENTIFIER}`);
  return schema;
}

/** Idempotent DDL, run under an advisory lock so that replicas starting together do not race. */
export const eventStoreSchema = (schema: string) => `
CREATE SCHEMA IF NOT EXISTS ${schema};
CREATE TABLE IF NOT EXISTS ${schema}.events (
  position    bigint      PRIMARY KEY,
  event_id    text        NOT NULL UNIQUE,
  stream_id   text        NOT NULL,
  revision    integer     NOT NULL,
  category    text        NOT NULL,
  type        text        NOT NULL,
  data        jsonb       NOT NULL,
  metadata    jsonb       NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (stream_id, revision)
);
CREATE INDEX IF NOT EXISTS events_by_category ON ${schema}.events (category, position);
CREATE INDEX IF NOT EXISTS events_by_type ON ${schema}.events (type, position);
${appendFunction(schema)}
${appendGroupFunction(schema)}
`;

/**
 * One append, checked and written server-side in one round trip. p_expected is 'any', 'no-stream' or
 * the expected revision as text. A conflicting insert (ON CONFLICT DO NOTHING waits for the concurrent
 * writer, then skips) deletes this append's own rows, so a group of appends in one transaction needs
 * no savepoints. Outcomes: ok, replay (the same ids already stored where this append put them),
 * foreign (an id belongs to another stream, named in owner), conflict (revision = the current one).
 */
const appendFunction = (schema: string) => `
CREATE OR REPLACE FUNCTION ${schema}.append_to_stream(
  p_stream text, p_category text, p_ids text[], p_types text[], p_data jsonb[], p_metadata jsonb[],
  p_expected text, p_offset integer,
  OUT outcome text, OUT revision integer, OUT last_position bigint, OUT owner text)
LANGUAGE plpgsql AS $fn$
DECLARE
  v_count integer := coalesce(cardinality(p_ids), 0);
  v_current integer;
  v_base bigint;
  v_start integer;
  v_matched integer;
  v_attempt integer := 0;
BEGIN
  LOOP
    SELECT max(e.revision) INTO v_current FROM ${schema}.events e WHERE e.stream_id = p_stream;
    EXIT WHEN NOT (p_expected = 'any' OR p_expected = coalesce(v_current::text, 'no-stream'));
    IF v_count = 0 THEN
      SELECT e.position INTO last_position FROM ${schema}.events e
        WHERE e.stream_id = p_stream AND e.revision = v_current;
      outcome := 'ok'; revision := coalesce(v_current, -1); last_position := coalesce(last_position, 0);
      RETURN;
    END IF;
    v_base := (pg_current_xact_id()::text::bigint << ${POSITION_SHIFT}) + p_offset;
    INSERT INTO ${schema}.events (position, event_id, stream_id, revision, category, type, data, metadata)
      SELECT v_base + u.n - 1, u.id, p_stream, coalesce(v_current, -1) + u.n::integer, p_category, u.type, u.data, u.metadata
      FROM unnest(p_ids, p_types, p_data, p_metadata) WITH ORDINALITY AS u(id, type, data, metadata, n)
    ON CONFLICT DO NOTHING;
    GET DIAGNOSTICS v_matched = ROW_COUNT;
    IF v_matched = v_count THEN
      outcome := 'ok'; revision := coalesce(v_current, -1) + v_count; last_position := v_base + v_count - 1;
      RETURN;
    END IF;
    DELETE FROM ${schema}.events e WHERE e.position >= v_base AND e.position < v_base + v_count;
    v_attempt := v_attempt + 1;
    -- 'any' lost a race for the next revision: retry on a fresh snapshot, unless an id is the cause.
    EXIT WHEN p_expected <> 'any' OR v_attempt > 5
      OR EXISTS (SELECT 1 FROM ${schema}.events e WHERE e.event_id = ANY (p_ids));
  END LOOP;

  SELECT e.revision INTO v_start FROM ${schema}.events e WHERE e.event_id = p_ids[1] AND e.stream_id = p_stream;
  IF v_start IS NOT NULL AND (p_expected = 'any' OR (p_expected = 'no-stream' AND v_start = 0)
                              OR (p_expected ~ '^[0-9]+$' AND v_start = p_expected::integer + 1)) THEN
    SELECT count(*), max(e.position) INTO v_matched, last_position
      FROM unnest(p_ids) WITH ORDINALITY AS u(id, n)
      JOIN ${schema}.events e ON e.stream_id = p_stream AND e.revision = v_start + u.n::integer - 1 AND e.event_id = u.id;
    IF v_matched = v_count THEN
      outcome := 'replay'; revision := v_start + v_count - 1;
      RETURN;
    END IF;
  END IF;
  IF v_attempt > 0 THEN
    SELECT e.stream_id INTO owner FROM ${schema}.events e
      WHERE e.event_id = ANY (p_ids) AND e.stream_id <> p_stream LIMIT 1;
    IF owner IS NOT NULL THEN
      outcome := 'foreign';
      RETURN;
    END IF;
  END IF;
  SELECT max(e.revision) INTO revision FROM ${schema}.events e WHERE e.stream_id = p_stream;
  outcome := 'conflict'; last_position := NULL;
END
$fn$;
`;

/**
 * A group commit's appends in one call (one round trip, one transaction): the events of all appends
 * flattened, p_counts[i] of them for append i; one outcome row per append, in order. The usual group
 * (distinct streams, every expected revision met, no id taken) is written by one set-based INSERT;
 * any other falls back to append_to_stream one append at a time.
 */
const appendGroupFunction = (schema: string) => `
CREATE OR REPLACE FUNCTION ${schema}.append_group(
  p_streams text[], p_categories text[], p_counts integer[], p_expected text[],
  p_ids text[], p_types text[], p_data jsonb[], p_metadata jsonb[])
RETURNS TABLE (outcome text, revision integer, last_position bigint, owner text)
LANGUAGE plpgsql AS $fn$
DECLARE
  v_appends integer := coalesce(cardinality(p_streams), 0);
  v_current integer[];
  v_first integer[] := '{}';
  v_append_of integer[] := '{}';
  v_set_based boolean;
  v_next integer := 1;
  v_base bigint;
  v_inserted integer;
  v_to integer;
  v_result record;
BEGIN
  v_set_based := v_appends = (SELECT count(DISTINCT s) FROM unnest(p_streams) AS s);
  IF v_set_based THEN
    SELECT array_agg((SELECT max(e.revision) FROM ${schema}.events e WHERE e.stream_id = r.stream) ORDER BY r.i)
      INTO v_current FROM unnest(p_streams) WITH ORDINALITY AS r(stream, i);
    FOR i IN 1 .. v_appends LOOP
      IF p_counts[i] = 0 OR NOT (p_expected[i] = 'any' OR p_expected[i] = coalesce(v_current[i]::text, 'no-stream')) THEN
        v_set_based := false;
        EXIT;
      END IF;
      v_first[i] := v_next;
      FOR j IN 1 .. p_counts[i] LOOP
        v_append_of[v_next] := i;
        v_next := v_next + 1;
      END LOOP;
    END LOOP;
  END IF;
  IF v_set_based THEN
    v_base := pg_current_xact_id()::text::bigint << ${POSITION_SHIFT};
    INSERT INTO ${schema}.events (position, event_id, stream_id, revision, category, type, data, metadata)
      SELECT v_base + u.n - 1, u.id, p_streams[v_append_of[u.n]],
             coalesce(v_current[v_append_of[u.n]], -1) + (u.n - v_first[v_append_of[u.n]] + 1)::integer,
             p_categories[v_append_of[u.n]], u.type, u.data, u.metadata
      FROM unnest(p_ids, p_types, p_data, p_metadata) WITH ORDINALITY AS u(id, type, data, metadata, n)
    ON CONFLICT DO NOTHING;
    GET DIAGNOSTICS v_inserted = ROW_COUNT;
    IF v_inserted = cardinality(p_ids) THEN
      RETURN QUERY SELECT 'ok'::text, coalesce(v_current[i], -1) + p_counts[i], v_base + v_first[i] + p_counts[i] - 2, NULL::text
        FROM generate_series(1, v_appends) AS i;
      RETURN;
    END IF;
    DELETE FROM ${schema}.events e WHERE e.position >= v_base AND e.position < v_base + cardinality(p_ids);
  END IF;
  v_next := 1;
  FOR i IN 1 .. v_appends LOOP
    v_to := v_next + p_counts[i] - 1;
    SELECT * INTO v_result FROM ${schema}.append_to_stream(p_streams[i], p_categories[i],
      p_ids[v_next:v_to], p_types[v_next:v_to], p_data[v_next:v_to], p_metadata[v_next:v_to], p_expected[i], v_next - 1);
    outcome := v_result.outcome; revision := v_result.revision;
    last_position := v_result.last_position; owner := v_result.owner;
    RETURN NEXT;
    v_next := v_to + 1;
  END LOOP;
END
$fn$;
`;

export const EVENT_COLUMNS = 'position, event_id, stream_id, revision, type, data, metadata, recorded_at';
