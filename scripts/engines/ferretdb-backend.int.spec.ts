import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Db, MongoClient } from 'mongodb';
import { testEnv, uniqueName, waitFor } from '@signstash/testing';
import { FERRETDB_DATABASE, ferretdbBackend } from './ferretdb.engine';
import { postgresBinDir } from './postgres.engine';

const env = testEnv();

/** What PostgreSQL itself says, through psql on FerretDB's database. */
const sql = (query: string): string => {
  const url = new URL(env.postgresUrl);
  url.pathname = `/${FERRETDB_DATABASE}`;
  const result = spawnSync(join(postgresBinDir()!, 'psql'), [url.toString(), '-tAc', query], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return result.stdout.trim();
};

const describeOnPostgres = ferretdbBackend() === 'postgresql' ? describe : describe.skip;

/** The local MongoDB stand-in as provisioned: FerretDB 1.24 with this project's patches, on PostgreSQL. */
describeOnPostgres('FerretDB on PostgreSQL (the local engine, patched)', () => {
  let client: MongoClient;
  let db: Db;
  const ids = Array.from({ length: 200 }, (_, i) => `doc-${String(i).padStart(3, '0')}`);

  beforeAll(async () => {
    client = await MongoClient.connect(env.mongoUrl, { directConnection: true });
    db = client.db(uniqueName('ferretdb_it'));
    await db.collection('docs').createIndex({ issuerId: 1, registeredAt: -1 });
    await db.collection('docs').insertMany(ids.map((_id, i) => ({ _id, issuerId: `issuer-${i % 4}`, n: 0 })) as never);
  });

  afterAll(async () => {
    await db?.dropDatabase();
    await client?.close();
  });

  it('runs a bulkWrite of 200 updates that all match (unpatched it wedged the server at 50)', async () => {
    const result = await db
      .collection('docs')
      .bulkWrite(ids.map((_id) => ({ updateOne: { filter: { _id }, update: { $inc: { n: 1 } } } })) as never, {
        ordered: true,
      });
    expect(result.matchedCount).toBe(200);
    expect(result.modifiedCount).toBe(200);
  });

  it('runs an updateMany over 200 documents', async () => {
    const result = await db.collection('docs').updateMany({}, { $inc: { n: 1 } });
    expect(result.modifiedCount).toBe(200);
    expect(await db.collection('docs').countDocuments({ n: 2 })).toBe(200);
  });

  it('answers $in as MongoDB does: any element, array fields by containment, elements it cannot push down too', async () => {
    const tags = db.collection('tags');
    await tags.insertMany([
      { _id: 't1', tag: 'a' },
      { _id: 't2', tag: ['b', 'c'] },
      { _id: 't3', tag: 'd' },
      { _id: 't4', tag: 7 },
      { _id: 't5', tag: { nested: 'a' } },
    ] as never);
    const ids = async (filter: object) => (await tags.find(filter).sort({ _id: 1 }).toArray()).map((doc) => doc._id);
    expect(await ids({ tag: { $in: ['a', 'c', 7] } })).toEqual(['t1', 't2', 't4']);
    expect(await ids({ tag: { $in: [/^d/, 'a'] } })).toEqual(['t1', 't3']);
    expect(await ids({ tag: { $in: [{ nested: 'a' }] } })).toEqual(['t5']);
    expect(await ids({ tag: { $in: [] } })).toEqual([]);
    expect(await ids({ _id: { $in: ['t3', 't1'] }, tag: { $in: ['a', 'b'] } })).toEqual(['t1']);
  });

  it('serves _id equality, equality on an indexed field and $in from PostgreSQL indexes', async () => {
    // Large enough that an index beats reading the table (on a few pages the planner rightly reads it all).
    const certificates = db.collection('certificates');
    await certificates.createIndex({ issuerId: 1, registeredAt: -1 });
    const documents = Array.from({ length: 5000 }, (_, i) => ({
      _id: `cert-${i}`,
      issuerId: `issuer-${i % 100}`,
      alias: `alias ${i}`,
    }));
    for (let start = 0; start < documents.length; start += 1000)
      await certificates.insertMany(documents.slice(start, start + 1000) as never);
    const table = sql(
      `SELECT schemaname || '.' || relname FROM pg_stat_user_tables WHERE schemaname = '${db.databaseName}' AND relname LIKE 'certificates\\_%'`,
    );
    sql(`ANALYZE ${table}`);
    expect(table).not.toBe('');
    // The non-unique index is a GIN index over the pushed-down expression, the `_id_` one a unique btree.
    expect(
      sql(`SELECT indexdef FROM pg_indexes WHERE schemaname || '.' || tablename = '${table}' ORDER BY indexname`),
    ).toMatch(
      /UNIQUE INDEX .* USING btree \(\(\(_jsonb -> '_id'::text\)\)\)[\s\S]*USING gin \(\(\(_jsonb -> 'issuerId'::text\)\) jsonb_path_ops/,
    );
    const scansOf = (kind: 'btree' | 'gin') =>
      Number(
        sql(
          `SELECT coalesce(sum(s.idx_scan), 0) FROM pg_stat_user_indexes s JOIN pg_indexes i ON i.schemaname = s.schemaname AND i.indexname = s.indexrelname ` +
            `WHERE s.schemaname || '.' || s.relname = '${table}' AND i.indexdef LIKE '%USING ${kind}%'`,
        ),
      );
    expect([scansOf('btree'), scansOf('gin')]).toEqual([0, 0]);

    expect(await certificates.findOne({ _id: 'cert-7' as never })).toMatchObject({ issuerId: 'issuer-7' });
    expect(await certificates.countDocuments({ issuerId: 'issuer-1' })).toBe(50);
    // `$in` of scalars is pushed down as an OR of equalities: for `_id`, a bitmap OR of the btree's scans.
    expect(
      await certificates.countDocuments({ _id: { $in: ['cert-1', 'cert-2', 'cert-4999', 'nope'] } as never }),
    ).toBe(3);
    expect(await certificates.countDocuments({ issuerId: { $in: ['issuer-2', 'issuer-3'] } })).toBe(100);

    // A busy backend reports its statistics at most once a second, an idle one within 10 s.
    const served = () => ({ btree: scansOf('btree'), gin: scansOf('gin') });
    await waitFor(() => (served().btree >= 5 && served().gin >= 1 ? true : undefined), 20_000, 500).catch((error) => {
      throw new Error(`${String(error)}; index scans: ${JSON.stringify(served())}`);
    });
  });
});
