import type { AnyBulkWriteOperation, Db, MongoClient } from 'mongodb';
import { connectMongo } from '@signstash/platform';
import { testEnv, uniqueName } from '@signstash/testing';
import { writeOperations } from './projection-writer';

interface Row {
  _id: string;
  revision: number;
  value: string;
  alias?: string;
}

const guardedUpsert = (id: string, revision: number, value: string, alias?: string): AnyBulkWriteOperation<Row> => ({
  updateOne: {
    filter: { _id: id, revision: { $lt: revision } },
    update: { $set: { revision, value, ...(alias ? { alias } : {}) } },
    upsert: true,
  },
});

describe('writeOperations (real FerretDB)', () => {
  let mongo: { client: MongoClient; db: Db };
  const rows = (name: string) => mongo.db.collection<Row>(name);
  const all = async (name: string) => rows(name).find().sort({ _id: 1 }).toArray();

  beforeAll(async () => {
    mongo = await connectMongo({ url: testEnv().mongoUrl, database: uniqueName('projection_writer') });
  });
  afterAll(async () => {
    await mongo.db.dropDatabase();
    await mongo.client.close();
  });

  it('writes in order across chunks, updating documents it created earlier in the same call', async () => {
    const operations = Array.from({ length: 30 }, (_, i) => guardedUpsert(`r${i}`, 0, 'first'));
    operations.push(...Array.from({ length: 30 }, (_, i) => guardedUpsert(`r${i}`, 1, 'second')));
    await writeOperations(rows('ordered'), operations, 25);

    const written = await all('ordered');
    expect(written).toHaveLength(30);
    expect(written.every((row) => row.revision === 1 && row.value === 'second')).toBe(true);
  });

  it('skips a replayed guarded upsert that meets its own newer document, and writes the rest of the chunk', async () => {
    await writeOperations(rows('replay'), [guardedUpsert('a', 0, 'a0'), guardedUpsert('a', 1, 'a1')]);
    await writeOperations(rows('replay'), [
      guardedUpsert('a', 0, 'a0'),
      guardedUpsert('b', 0, 'b0'),
      guardedUpsert('a', 1, 'a1'),
    ]);

    expect(await all('replay')).toEqual([
      { _id: 'a', revision: 1, value: 'a1' },
      { _id: 'b', revision: 0, value: 'b0' },
    ]);
  });

  it('skips a replayed insert of a document that exists', async () => {
    const insert: AnyBulkWriteOperation<Row> = { insertOne: { document: { _id: 'h1', revision: 0, value: 'x' } } };
    await writeOperations(rows('inserts'), [insert]);
    await writeOperations(rows('inserts'), [
      insert,
      { insertOne: { document: { _id: 'h2', revision: 0, value: 'y' } } },
    ]);

    expect((await all('inserts')).map((row) => row._id)).toEqual(['h1', 'h2']);
  });

  it('does not mistake a duplicate on another unique index for a replay', async () => {
    await rows('unique').createIndex({ alias: 1 }, { unique: true });
    await writeOperations(rows('unique'), [guardedUpsert('a', 0, 'a', 'taken'), guardedUpsert('b', 0, 'b', 'free')]);

    // MongoDB reports E11000 here; FerretDB 1.24 an InternalError naming the backend's unique constraint
    // (SQLite: "UNIQUE constraint failed"; PostgreSQL: "duplicate key value violates unique constraint").
    await expect(writeOperations(rows('unique'), [guardedUpsert('b', 1, 'b', 'taken')])).rejects.toThrow(
      /E11000|UNIQUE constraint|violates unique constraint/,
    );
    expect((await rows('unique').findOne({ _id: 'b' }))?.revision).toBe(0);
  });
});
