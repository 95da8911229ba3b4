/**
 * Projection catch-up throughput: a ProjectionRunner building a read model from a SQLite event store
 * into FerretDB, against raw `collection.bulkWrite` of the same write operations into the same
 * FerretDB in the same run (target: at least 0.7 of raw). Also prints the same writes without the
 * revision guard, to show what the guard costs on FerretDB (its SQLite backend pushes a filter down
 * to SQL only when it is `_id` alone). Figures, not a timed test.
 *
 * Run: npx tsx scripts/bench/projection.bench.ts [events=20000] [streams=200]
 * Needs FerretDB (or MongoDB) at SIGNSTASH_TEST_MONGO_URL / the default test port: `npm run engines`.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnyBulkWriteOperation, Db, Document } from 'mongodb';
import { ExpectedRevision, RecordedEvent, SqliteEventStore } from '@signstash/event-store';
import { connectMongo } from '@signstash/platform';
import {
  createOnce,
  defineProjection,
  DEFAULT_WRITE_CHUNK,
  physicalCollectionName,
  ProjectionRunner,
  updateIfNewer,
} from '@signstash/read-model';
import { testEnv, uniqueName } from '@signstash/testing';

const EVENTS = Number(process.argv[2] ?? 20_000);
const STREAMS = Number(process.argv[3] ?? 200);
const BATCH = 500;

type BenchEvent = RecordedEvent<
  'Registered' | 'Renamed' | 'StatusChanged',
  { id: string; alias?: string; status?: string; at: string }
>;

interface Row {
  _id: string;
  alias: string;
  status: string;
  registeredAt: string;
  updatedAt: string;
  revision: number;
}

/** Shaped like the certificate list: a document per stream, created once, then guarded updates. */
const projection = defineProjection<BenchEvent, Row>({
  name: 'bench-list',
  version: 1,
  collection: 'bench_list',
  filter: { streamCategories: ['bench'] },
  apply(event) {
    const { id, at } = event.data;
    switch (event.type) {
      case 'Registered':
        return [
          createOnce<Row>({
            _id: id,
            alias: event.data.alias!,
            status: 'active',
            registeredAt: at,
            updatedAt: at,
            revision: event.revision,
          }),
        ];
      case 'Renamed':
        return [updateIfNewer<Row>(id, event, { $set: { alias: event.data.alias!, updatedAt: at } })];
      case 'StatusChanged':
        return [updateIfNewer<Row>(id, event, { $set: { status: event.data.status!, updatedAt: at } })];
    }
  },
});

async function seed(store: SqliteEventStore): Promise<void> {
  const rounds = Math.ceil(EVENTS / STREAMS);
  for (let round = 0, appended = 0; round < rounds; round++) {
    const streams = Math.min(STREAMS, EVENTS - appended);
    // One round-robin round per event-loop turn: the store group-commits it as one transaction.
    await Promise.all(
      Array.from({ length: streams }, (_, s) => {
        const type = round === 0 ? 'Registered' : round % 2 ? 'Renamed' : 'StatusChanged';
        const data = {
          id: `c${s}`,
          at: new Date(Date.UTC(2025, 0, 1, 0, round)).toISOString(),
          alias: `alias-${s}-${round}`,
          status: round % 4 ? 'active' : 'inactive',
        };
        return store.appendToStream(
          `bench-c${s}`,
          [{ eventId: randomUUID(), type, data }],
          round === 0 ? ExpectedRevision.noStream : ExpectedRevision.exact(round - 1),
        );
      }),
    );
    appended += streams;
  }
}

async function timed(work: () => Promise<void>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** The projection's own operations, batch by batch as the runner forms them, written with nothing around them. */
async function rawBulkWrite(db: Db, batches: AnyBulkWriteOperation<Document>[][]): Promise<void> {
  const collection = db.collection('bench_list_raw');
  for (const operations of batches) {
    for (let start = 0; start < operations.length; start += DEFAULT_WRITE_CHUNK) {
      await collection.bulkWrite(operations.slice(start, start + DEFAULT_WRITE_CHUNK), { ordered: true });
    }
  }
}

/** The same updates filtered by `_id` alone: what a writer without the revision guard would send. */
const unguarded = (operation: AnyBulkWriteOperation<Document>): AnyBulkWriteOperation<Document> =>
  'updateOne' in operation
    ? { updateOne: { ...operation.updateOne, filter: { _id: (operation.updateOne.filter as Document)._id } } }
    : operation;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'projection-bench-'));
  const store = new SqliteEventStore({ fileName: join(dir, 'events.sqlite') });
  const { client, db: projected } = await connectMongo({
    url: testEnv().mongoUrl,
    database: uniqueName('bench_projection'),
  });
  const raw = client.db(uniqueName('bench_raw'));
  const rawUnguarded = client.db(uniqueName('bench_raw_unguarded'));
  try {
    process.stdout.write(`seeding ${EVENTS} events over ${STREAMS} streams… `);
    await seed(store);
    const events = (await store.readAll()) as BenchEvent[];
    const batches = Array.from(
      { length: Math.ceil(events.length / BATCH) },
      (_, b) =>
        events
          .slice(b * BATCH, (b + 1) * BATCH)
          .flatMap((event) => projection.apply(event)) as AnyBulkWriteOperation<Document>[],
    );
    process.stdout.write(`done (${batches.flat().length} write operations)\n`);

    const runner = new ProjectionRunner(store, projected, projection, { batchSize: BATCH });
    const projectionSeconds = await timed(async () => {
      await runner.start();
      await runner.whenLive();
    });
    await runner.stop();
    const rawSeconds = await timed(() => rawBulkWrite(raw, batches));
    const unguardedSeconds = await timed(() =>
      rawBulkWrite(
        rawUnguarded,
        batches.map((batch) => batch.map(unguarded)),
      ),
    );

    const byId = { sort: { _id: 1 } } as const;
    const same =
      JSON.stringify(await projected.collection(physicalCollectionName(projection)).find({}, byId).toArray()) ===
      JSON.stringify(await raw.collection('bench_list_raw').find({}, byId).toArray());

    const rate = (seconds: number) => Math.round(events.length / seconds).toLocaleString('en-US');
    const rows = [
      ['ProjectionRunner catch-up (read, apply, guarded writes, checkpoints)', projectionSeconds],
      ['raw bulkWrite, the same guarded operations', rawSeconds],
      ['raw bulkWrite, the same updates filtered by _id only (no guard)', unguardedSeconds],
    ] as const;
    console.log(
      `\nProjection catch-up, ${events.length} events, ${STREAMS} documents, batches of ${BATCH}, bulkWrite chunks of ${DEFAULT_WRITE_CHUNK}`,
    );
    for (const [name, seconds] of rows)
      console.log(`  ${name.padEnd(72)} ${seconds.toFixed(2).padStart(8)} s  ${rate(seconds).padStart(8)} events/s`);
    console.log(
      `  ratio projection / raw (same operations): ${(rawSeconds / projectionSeconds).toFixed(2)} (target ≥ 0.70)`,
    );
    console.log(`  ratio projection / raw without the guard:  ${(unguardedSeconds / projectionSeconds).toFixed(2)}`);
    console.log(`  projection documents equal to the raw ones: ${same ? 'yes' : 'NO'}`);
  } finally {
    await store.close();
    for (const db of [projected, raw, rawUnguarded]) await db.dropDatabase().catch(() => undefined);
    await client.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
