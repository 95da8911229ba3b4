import { Client } from 'pg';
import { dumbo } from '@event-driven-io/dumbo';
import { getPostgreSQLEventStore, readMessagesBatch } from '@event-driven-io/emmett-postgresql';
import { STREAM_DOES_NOT_EXIST } from '@event-driven-io/emmett';
import { PostgresEventStore } from '@signstash/event-store';
import { eventStoreSchema } from '../../libs/event-store/src/postgres/postgres-schema';
import { BenchSubject, newEvent, storeSubject } from './event-store-subjects';

/**
 * The PostgreSQL subjects. A target names where a run writes: a schema of the bench database for
 * signstash and raw pg (the read case shares one), a stream prefix in emmett's own database.
 * Every subject runs with the server's synchronous_commit=on and fsync=on.
 */
export interface PostgresBenchTargets {
  url: string;
  /** emmett's database for the write cases, and one holding only the rows its read case reads. */
  emmettUrl: string;
  emmettReadUrl: string;
}

export const signstashPostgres = ({ url }: PostgresBenchTargets): BenchSubject =>
  storeSubject((schema) => new PostgresEventStore({ connectionString: url, schema }));

/** pg alone: the same table and rows, plain INSERTs without checks; its writers share one transaction per round (ideal group commit). */
export const rawPostgres = ({ url }: PostgresBenchTargets): BenchSubject => {
  let position = 0;
  const open = async (schema: string) => {
    const client = new Client({ connectionString: url, options: '-c synchronous_commit=on' });
    await client.connect();
    await client.query(eventStoreSchema(schema));
    const insert = (rows: { streamId: string; revision: number; i: number }[]) => {
      const events = rows.map((row) => newEvent(row.i));
      return client.query(
        `INSERT INTO ${schema}.events (position, event_id, stream_id, revision, category, type, data, metadata)
         SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::int[], $5::text[], $6::text[], $7::jsonb[], $8::jsonb[])`,
        [
          rows.map(() => ++position),
          events.map((e) => e.eventId),
          rows.map((row) => row.streamId),
          rows.map((row) => row.revision),
          rows.map(() => 'bench'),
          events.map((e) => e.type),
          events.map((e) => JSON.stringify(e.data)),
          events.map((e) => JSON.stringify(e.metadata)),
        ],
      );
    };
    return { client, insert };
  };
  return {
    async singleAppends(schema, count) {
      const { client, insert } = await open(schema);
      for (let i = 0; i < count; i++) await insert([{ streamId: 'bench-1', revision: i, i }]);
      await client.end();
      return count;
    },
    async batchAppends(schema, batches, batchSize) {
      const { client, insert } = await open(schema);
      for (let b = 0; b < batches; b++)
        await insert(
          Array.from({ length: batchSize }, (_, i) => ({ streamId: 'bench-1', revision: b * batchSize + i, i })),
        );
      await client.end();
      return batches * batchSize;
    },
    async concurrentWriters(schema, writers, rounds) {
      const { client, insert } = await open(schema);
      for (let r = 0; r < rounds; r++)
        await insert(Array.from({ length: writers }, (_, w) => ({ streamId: `bench-${w}`, revision: r, i: r })));
      await client.end();
      return writers * rounds;
    },
    async readAll(schema, pageSize) {
      const client = new Client({ connectionString: url });
      await client.connect();
      let count = 0;
      for (let after = '0'; ;) {
        const { rows } = await client.query<{ position: string }>(
          `SELECT position, event_id, stream_id, revision, type, data, metadata, recorded_at FROM ${schema}.events WHERE position > $1 ORDER BY position LIMIT $2`,
          [after, pageSize],
        );
        if (rows.length === 0) break;
        count += rows.length;
        after = rows[rows.length - 1].position;
      }
      await client.end();
      return count;
    },
  };
};

/** @event-driven-io/emmett-postgresql on its own database of the same server, expected versions checked. */
export const emmettPostgres = ({ emmettUrl, emmettReadUrl }: PostgresBenchTargets): BenchSubject => {
  const toEmmett = (i: number) => {
    const { type, data, metadata } = newEvent(i);
    return { type, data: data as Record<string, unknown>, metadata };
  };
  const open = (url = emmettUrl) => getPostgreSQLEventStore(url);
  const appendLoop = async (store: ReturnType<typeof open>, streamId: string, count: number, size: number) => {
    let version: bigint | typeof STREAM_DOES_NOT_EXIST = STREAM_DOES_NOT_EXIST;
    for (let i = 0; i < count; i++) {
      const events = Array.from({ length: size }, (_, j) => toEmmett(i * size + j));
      version = (await store.appendToStream(streamId, events, { expectedStreamVersion: version as never }))
        .nextExpectedStreamVersion;
    }
  };
  const withStore = async (work: (store: ReturnType<typeof open>) => Promise<void>, url = emmettUrl) => {
    const store = open(url);
    await work(store);
    await store.close();
  };
  return {
    async singleAppends(prefix, count) {
      await withStore((store) => appendLoop(store, `${prefix}-1`, count, 1));
      return count;
    },
    /** The `read` target fills the read database. */
    async batchAppends(prefix, batches, batchSize) {
      const url = prefix === 'read' ? emmettReadUrl : emmettUrl;
      await withStore((store) => appendLoop(store, `${prefix}-1`, batches, batchSize), url);
      return batches * batchSize;
    },
    async concurrentWriters(prefix, writers, rounds) {
      await withStore(async (store) => {
        await Promise.all(Array.from({ length: writers }, (_, w) => appendLoop(store, `${prefix}-${w}`, rounds, 1)));
      });
      return writers * rounds;
    },
    async readAll(_prefix, pageSize) {
      const pool = dumbo({ connectionString: emmettReadUrl });
      let count = 0;
      for (let after = 0n; ;) {
        const { messages } = await readMessagesBatch(pool.execute, { after, batchSize: pageSize });
        if (messages.length === 0) break;
        count += messages.length;
        after = messages[messages.length - 1].metadata.globalPosition;
      }
      await pool.close();
      return count;
    },
  };
};
