import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { eventStoreSchema } from './postgres-schema';

/**
 * Refuses a server that would lose acknowledged appends in a crash, then creates or upgrades the
 * schema unless it is already at this code's version (a hash of the DDL in the table's comment): the
 * DDL would take table locks that wait behind open appends of other replicas.
 */
export async function ensureEventStoreSchema(pool: Pool, schema: string): Promise<void> {
  const client = await pool.connect();
  try {
    const { rows } = await client.query<{ name: string; setting: string }>(
      "SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes')",
    );
    const off = rows.filter((row) => row.setting === 'off').map((row) => row.name);
    if (off.length > 0) {
      throw new Error(`PostgreSQL runs with ${off.join(', ')} off: acknowledged appends would not survive a crash`);
    }
    const ddl = eventStoreSchema(schema);
    const version = createHash('sha256').update(ddl).digest('hex').slice(0, 16);
    const current = () =>
      client
        .query<{ version: string | null }>(`SELECT obj_description(to_regclass($1), 'pg_class') AS version`, [
          `${schema}.events`,
        ])
        .then((result) => result.rows[0].version);
    if ((await current()) === version) return;
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`signstash-event-store:${schema}`]);
    if ((await current()) !== version) {
      await client.query(ddl);
      await client.query(`COMMENT ON TABLE ${schema}.events IS '${version}'`);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
