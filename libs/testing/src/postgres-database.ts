import { Client } from 'pg';
import { testEnv, uniqueName } from './test-env';

export interface TestDatabase {
  /** A URL of the new database, same server and credentials as the engine's. */
  url: string;
  name: string;
  drop(): Promise<void>;
}

const withAdmin = async <T>(work: (client: Client) => Promise<T>): Promise<T> => {
  const client = new Client({ connectionString: testEnv().postgresUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
};

/** A database of its own for one test file on the local PostgreSQL engine; `drop()` removes it, closing what is still connected. */
export async function createTestDatabase(prefix: string): Promise<TestDatabase> {
  const name = uniqueName(prefix).toLowerCase();
  await withAdmin((client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(testEnv().postgresUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () =>
      withAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}
