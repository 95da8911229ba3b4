import { Pool } from 'pg';
import { ExpectedRevision } from '../event-store.port';
import type { HoldAppend } from './interleaving.contract';
import { PostgresEventLog } from '../postgres/postgres-event-log';

/**
 * Test support: an append through the store's own SQL on a connection of its own, inside a
 * transaction left open. Its transaction id, hence its position, is taken before the next append's.
 */
export const postgresHoldAppend =
  (connectionString: string, schema: string): HoldAppend =>
  async (store, streamId, events) => {
    await store.headPosition(); // the store has created its schema: no DDL waits behind this transaction
    const pool = new Pool({ connectionString, max: 1 });
    pool.on('error', () => undefined);
    const client = await pool.connect();
    await client.query('BEGIN');
    const [outcome] = await new PostgresEventLog(pool, schema).appendBatch(client, [
      { streamId, events, expected: ExpectedRevision.noStream },
    ]);
    if (!outcome.ok) throw outcome.error;
    return {
      commit: async () => {
        await client.query('COMMIT');
        client.release();
        await pool.end();
      },
    };
  };
