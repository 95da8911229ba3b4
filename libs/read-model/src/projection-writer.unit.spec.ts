import {
  AnyBulkWriteOperation,
  Collection,
  Document,
  MongoBulkWriteError,
  MongoNetworkError,
  MongoServerError,
} from 'mongodb';
import { DEFAULT_WRITE_CHUNK, isTransientMongoError, writeOperations } from './projection-writer';

/**
 * Records each bulkWrite call and fails the calls the test names. `existing` documents match a
 * plain `_id` filter; guarded filters match nothing (the stored documents are newer).
 */
function fakeCollection(fail: (call: number, operations: AnyBulkWriteOperation[]) => Error | undefined, existing = 0) {
  const calls: AnyBulkWriteOperation[][] = [];
  const collection = {
    bulkWrite: async (operations: AnyBulkWriteOperation[]) => {
      calls.push(operations);
      const error = fail(calls.length, operations);
      if (error) throw error;
      return {};
    },
    countDocuments: async (filter: Document) => (Object.keys(filter).length === 1 ? existing : 0),
  } as unknown as Collection<Document>;
  return { collection, calls };
}

const update = (id: number): AnyBulkWriteOperation => ({
  updateOne: {
    filter: { _id: `d${id}` as never, revision: { $lt: 1 } },
    update: { $set: { revision: 1 } },
    upsert: true,
  },
});
const duplicateKey = () => new MongoServerError({ message: 'E11000 duplicate key error', code: 11000 });

describe('writeOperations', () => {
  it('sends the operations in order, in chunks of 200 by default', async () => {
    const { collection, calls } = fakeCollection(() => undefined);
    await writeOperations(
      collection,
      Array.from({ length: 450 }, (_, i) => update(i)),
    );
    expect(DEFAULT_WRITE_CHUNK).toBe(200);
    expect(calls.map((call) => call.length)).toEqual([200, 200, 50]);
  });

  it('redoes a chunk that hit a duplicate key one operation at a time, skipping the replayed one', async () => {
    // Call 1: the chunk fails; calls 2–4: one operation each, the second of which is the duplicate.
    const { collection, calls } = fakeCollection((call) => (call === 1 || call === 3 ? duplicateKey() : undefined), 1);
    await writeOperations(collection, [update(1), update(2), update(3)]);
    expect(calls.map((call) => call.length)).toEqual([3, 1, 1, 1]);
  });

  it('fails on a duplicate key whose document does not exist (a unique index of the read model)', async () => {
    const { collection } = fakeCollection(() => duplicateKey(), 0);
    await expect(writeOperations(collection, [update(1)])).rejects.toThrow(/E11000/);
  });

  it('passes other write errors through', async () => {
    const { collection } = fakeCollection(() => new MongoServerError({ message: 'invalid key', code: 2 }));
    await expect(writeOperations(collection, [update(1)])).rejects.toThrow('invalid key');
  });
});

describe('isTransientMongoError', () => {
  it('is true for connection failures only', () => {
    expect(isTransientMongoError(new MongoNetworkError('connection reset'))).toBe(true);
    expect(isTransientMongoError(duplicateKey())).toBe(false);
    expect(isTransientMongoError(new Error('boom'))).toBe(false);
    expect(isTransientMongoError(new MongoBulkWriteError({ message: 'bad', code: 2 }, {} as never))).toBe(false);
  });
});
