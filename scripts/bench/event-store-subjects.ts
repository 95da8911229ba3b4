import BetterSqlite3 from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { getSQLiteEventStore, readMessagesBatch, sqliteConnection } from '@event-driven-io/emmett-sqlite';
import { STREAM_DOES_NOT_EXIST } from '@event-driven-io/emmett';
import {
  EVENT_STORE_PRAGMAS,
  EVENT_STORE_SCHEMA,
  EventStore,
  ExpectedRevision,
  NewEvent,
  SqliteEventStore,
} from '@signstash/event-store';

/** The same work done by three subjects; each method returns the number of events it handled. */
export interface BenchSubject {
  singleAppends(fileName: string, count: number): Promise<number>;
  batchAppends(fileName: string, batches: number, batchSize: number): Promise<number>;
  concurrentWriters(fileName: string, writers: number, rounds: number): Promise<number>;
  readAll(fileName: string, pageSize: number): Promise<number>;
}

const payload = (i: number) => ({
  certificateId: `certificate-${i}`,
  alias: `Signing certificate ${i}`,
  issuerId: 'issuer-1',
  validUntil: '2026-06-30T00:00:00.000Z',
});
const metadata = () => ({ correlationId: randomUUID(), causationId: randomUUID(), actor: 'operator-1' });

export const newEvent = (i: number): NewEvent => ({
  eventId: randomUUID(),
  type: 'CertificateRegistered',
  data: payload(i),
  metadata: metadata(),
});

/** Our store behind the port, whichever adapter `open` gives for a run's target. */
export const storeSubject = (open: (target: string) => EventStore): BenchSubject => ({
  async singleAppends(target, count) {
    const store = open(target);
    for (let i = 0; i < count; i++)
      await store.appendToStream('bench-1', [newEvent(i)], ExpectedRevision.after(i === 0 ? undefined : i - 1));
    await store.close();
    return count;
  },
  async batchAppends(target, batches, batchSize) {
    const store = open(target);
    for (let b = 0; b < batches; b++) {
      const events = Array.from({ length: batchSize }, (_, i) => newEvent(b * batchSize + i));
      await store.appendToStream('bench-1', events, ExpectedRevision.after(b === 0 ? undefined : b * batchSize - 1));
    }
    await store.close();
    return batches * batchSize;
  },
  async concurrentWriters(target, writers, rounds) {
    const store = open(target);
    const writer = async (w: number) => {
      for (let r = 0; r < rounds; r++)
        await store.appendToStream(`bench-${w}`, [newEvent(r)], ExpectedRevision.after(r === 0 ? undefined : r - 1));
    };
    await Promise.all(Array.from({ length: writers }, (_, w) => writer(w)));
    await store.close();
    return writers * rounds;
  },
  async readAll(target, pageSize) {
    const store = open(target);
    let count = 0;
    for (let after = 0n; ;) {
      const page = await store.readAll({ after, maxCount: pageSize });
      if (page.length === 0) break;
      count += page.length;
      after = page[page.length - 1].position;
    }
    await store.close();
    return count;
  },
});

export const signstash = storeSubject((fileName) => new SqliteEventStore({ fileName }));

/** better-sqlite3 alone: the same table, rows and pragmas, no checks, no group-commit machinery. */
export const raw: BenchSubject = (() => {
  const open = (fileName: string) => {
    const db = new BetterSqlite3(fileName);
    for (const pragma of EVENT_STORE_PRAGMAS) db.pragma(pragma);
    db.exec(EVENT_STORE_SCHEMA);
    const insert = db.prepare(
      'INSERT INTO events (event_id, stream_id, revision, category, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const row = (streamId: string, revision: number, i: number) => {
      const event = newEvent(i);
      insert.run(
        event.eventId,
        streamId,
        revision,
        'bench',
        event.type,
        JSON.stringify(event.data),
        JSON.stringify(event.metadata),
        Date.now(),
      );
    };
    return { db, row };
  };
  return {
    async singleAppends(fileName, count) {
      const { db, row } = open(fileName);
      const one = db.transaction((i: number) => row('bench-1', i, i));
      for (let i = 0; i < count; i++) one(i);
      db.close();
      return count;
    },
    async batchAppends(fileName, batches, batchSize) {
      const { db, row } = open(fileName);
      const batch = db.transaction((b: number) => {
        for (let i = 0; i < batchSize; i++) row('bench-1', b * batchSize + i, i);
      });
      for (let b = 0; b < batches; b++) batch(b);
      db.close();
      return batches * batchSize;
    },
    // The ideal group commit: one transaction per round holding one event of every writer.
    async concurrentWriters(fileName, writers, rounds) {
      const { db, row } = open(fileName);
      const round = db.transaction((r: number) => {
        for (let w = 0; w < writers; w++) row(`bench-${w}`, r, r);
      });
      for (let r = 0; r < rounds; r++) round(r);
      db.close();
      return writers * rounds;
    },
    async readAll(fileName, pageSize) {
      const db = new BetterSqlite3(fileName, { readonly: true });
      const page = db.prepare(
        'SELECT position, event_id, stream_id, revision, type, data, metadata, recorded_at FROM events WHERE position > ? ORDER BY position LIMIT ?',
      );
      let count = 0;
      for (let after = 0; ;) {
        const rows = page.all(after, pageSize) as { position: number }[];
        if (rows.length === 0) break;
        count += rows.length;
        after = rows[rows.length - 1].position;
      }
      db.close();
      return count;
    },
  };
})();

export const emmett: BenchSubject = (() => {
  const toEmmett = (i: number) => ({ type: 'CertificateRegistered', data: payload(i), metadata: metadata() });
  const open = (fileName: string) => getSQLiteEventStore({ fileName, schema: { autoMigration: 'CreateOrUpdate' } });
  const appendLoop = async (store: ReturnType<typeof open>, streamId: string, count: number, size: number) => {
    let version: bigint | typeof STREAM_DOES_NOT_EXIST = STREAM_DOES_NOT_EXIST;
    for (let i = 0; i < count; i++) {
      const events = Array.from({ length: size }, (_, j) => toEmmett(i * size + j));
      version = (await store.appendToStream(streamId, events, { expectedStreamVersion: version }))
        .nextExpectedStreamVersion;
    }
  };
  return {
    async singleAppends(fileName, count) {
      await appendLoop(open(fileName), 'bench-1', count, 1);
      return count;
    },
    async batchAppends(fileName, batches, batchSize) {
      await appendLoop(open(fileName), 'bench-1', batches, batchSize);
      return batches * batchSize;
    },
    // Concurrent calls break emmett-sqlite 0.38.5 (one store: "Database handle is closed"; a store per
    // writer: SQLITE_BUSY), so its 50 writers take turns through a mutex.
    async concurrentWriters(fileName, writers, rounds) {
      const store = open(fileName);
      let turn: Promise<unknown> = Promise.resolve();
      const serialized: typeof store = Object.create(store, {
        appendToStream: {
          value: (...args: Parameters<typeof store.appendToStream>) => {
            const result = turn.then(() => store.appendToStream(...args));
            turn = result.catch(() => undefined);
            return result;
          },
        },
      });
      await Promise.all(Array.from({ length: writers }, (_, w) => appendLoop(serialized, `bench-${w}`, rounds, 1)));
      return writers * rounds;
    },
    async readAll(fileName, pageSize) {
      const connection = sqliteConnection({ fileName });
      let count = 0;
      for (let after = 0n; ;) {
        const { messages } = await readMessagesBatch(connection, { after, batchSize: pageSize });
        if (messages.length === 0) break;
        count += messages.length;
        after = messages[messages.length - 1].metadata.globalPosition;
      }
      connection.close();
      return count;
    },
  };
})();
