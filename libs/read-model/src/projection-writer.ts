import {
  AnyBulkWriteOperation,
  Collection,
  Document,
  MongoError,
  MongoNetworkError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
} from 'mongodb';
import { hasDuplicateKey } from '@signstash/platform';

/**
 * Operations per `bulkWrite` call: what one duplicate key costs (the chunk is then replayed one
 * operation at a time). Unpatched, FerretDB 1.24 held a pooled connection per update statement until
 * the whole command ended and wedged at its pool size (50 on PostgreSQL, ~100 on SQLite), which kept
 * this at 50; the provisioned build closes each statement's query (scripts/engines/ferretdb.engine.ts,
 * tested with 200 statements), so the chunk no longer has to stay under the pool size.
 */
export const DEFAULT_WRITE_CHUNK = 200;

/** Connection-level failures: retried until they pass, never a reason to park an event. */
export const isTransientMongoError = (error: unknown): boolean =>
  error instanceof MongoNetworkError ||
  error instanceof MongoServerSelectionError ||
  error instanceof MongoTopologyClosedError ||
  (error instanceof MongoError && error.hasErrorLabel('RetryableWriteError'));

/**
 * Writes the operations in order, in chunks. A duplicate key means a replayed guarded upsert or
 * insert met the document it wrote the first time; FerretDB reports the wrong index for the failed
 * statement, so the chunk is replayed one operation at a time (they are idempotent) and each
 * duplicate is checked to be that case before it is skipped.
 */
export async function writeOperations<Doc extends Document>(
  collection: Collection<Doc>,
  operations: AnyBulkWriteOperation<Doc>[],
  chunkSize = DEFAULT_WRITE_CHUNK,
): Promise<void> {
  for (let start = 0; start < operations.length; start += chunkSize) {
    const chunk = operations.slice(start, start + chunkSize);
    try {
      await collection.bulkWrite(chunk, { ordered: true });
    } catch (error) {
      if (!hasDuplicateKey(error)) throw error;
      for (const operation of chunk) await writeOne(collection, operation);
    }
  }
}

async function writeOne<Doc extends Document>(collection: Collection<Doc>, operation: AnyBulkWriteOperation<Doc>) {
  try {
    await collection.bulkWrite([operation], { ordered: true });
  } catch (error) {
    if (hasDuplicateKey(error) && (await alreadyApplied(collection, operation))) return;
    throw error;
  }
}

/**
 * The document the operation targets exists and the operation's own filter no longer matches it
 * (its guard says it is newer). A duplicate on another unique index, where the guard still matches,
 * is a real failure.
 */
async function alreadyApplied<Doc extends Document>(
  collection: Collection<Doc>,
  operation: AnyBulkWriteOperation<Doc>,
) {
  if ('insertOne' in operation) {
    const id = (operation.insertOne.document as Document)._id;
    return id !== undefined && (await collection.countDocuments({ _id: id } as never, { limit: 1 })) > 0;
  }
  const target =
    'updateOne' in operation ? operation.updateOne : 'replaceOne' in operation ? operation.replaceOne : undefined;
  const id = (target?.filter as Document | undefined)?._id;
  if (!target || id === undefined || typeof id === 'object') return false;
  const [exists, matches] = await Promise.all([
    collection.countDocuments({ _id: id } as never, { limit: 1 }),
    collection.countDocuments(target.filter, { limit: 1 }),
  ]);
  return exists > 0 && matches === 0;
}
