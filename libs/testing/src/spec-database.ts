import type { Db, MongoClient } from 'mongodb';
import { connectMongo } from '@signstash/platform';
import { testEnv, uniqueName } from './test-env';

/**
 * A database of the calling spec file's own on the test FerretDB, opened before its tests and
 * dropped after them: `const db = specDatabase('certificate_projections')`, then `db()` in a test.
 */
export function specDatabase(prefix: string): () => Db {
  let mongo: { client: MongoClient; db: Db } | undefined;
  beforeAll(async () => {
    mongo = await connectMongo({ url: testEnv().mongoUrl, database: uniqueName(prefix) });
  });
  afterAll(async () => {
    await mongo?.db.dropDatabase();
    await mongo?.client.close();
  });
  return () => {
    if (!mongo) throw new Error('specDatabase: used outside a test');
    return mongo.db;
  };
}
