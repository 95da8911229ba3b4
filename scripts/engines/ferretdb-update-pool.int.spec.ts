import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { uniqueName, waitFor } from '@signstash/testing';
import { ferretdbBackend, ferretdbBinaryPath } from './ferretdb.engine';
import { ensureDatabase } from './postgres.engine';
import { engineEndpoints, engineSettings } from './settings';

const settings = engineSettings();
const DATABASE = 'ferretdb_update_pool_it';
/** Two connections: unpatched, two concurrent matched updates holding one each and waiting for a second wedged it. */
const POOL = 2;
const CONCURRENT = 20;
const MONGO_DATABASE = uniqueName('update_pool');

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

const describeOnPostgres = ferretdbBackend() === 'postgresql' ? describe : describe.skip;

/**
 * The provisioned FerretDB binary on its own tiny PostgreSQL pool (a server of the test's own, so the shared
 * one is never put at risk): many more concurrent updates than pool connections must all complete.
 */
describeOnPostgres('FerretDB update pool patch (concurrent updates beyond the PostgreSQL pool)', () => {
  let server: ChildProcess;
  let client: MongoClient;
  let stateDir: string;

  beforeAll(async () => {
    await ensureDatabase(settings, DATABASE, { plan_cache_mode: 'force_custom_plan' });
    const url = new URL(engineEndpoints(settings).postgresUrl);
    url.pathname = `/${DATABASE}`;
    url.searchParams.set('pool_max_conns', String(POOL));
    const port = await freePort();
    stateDir = mkdtempSync(join(tmpdir(), 'ferretdb-update-pool-'));
    server = spawn(
      ferretdbBinaryPath(settings),
      [
        '--handler=postgresql',
        `--postgresql-url=${url.toString()}`,
        `--listen-addr=127.0.0.1:${port}`,
        `--state-dir=${stateDir}`,
        '--telemetry=disable',
        '--debug-addr=-',
        '--log-level=error',
      ],
      { stdio: 'ignore' },
    );
    client = new MongoClient(`mongodb://127.0.0.1:${port}/`, {
      directConnection: true,
      maxPoolSize: CONCURRENT,
      serverSelectionTimeoutMS: 1000,
    });
    await waitFor(() => client.db('admin').command({ ping: 1 }), 15_000);
  });

  afterAll(async () => {
    await client?.db(MONGO_DATABASE).dropDatabase();
    await client?.close();
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill();
      await exited;
    }
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  });

  it(`completes ${CONCURRENT} concurrent matched updates, upserts and findOneAndUpdates on a pool of ${POOL}`, async () => {
    const docs = client.db(MONGO_DATABASE).collection<{ _id: string; n: number; ids: string[] }>('docs');
    const ids = Array.from({ length: CONCURRENT }, (_, i) => `d${i}`);
    await docs.insertMany(ids.map((_id) => ({ _id, n: 0, ids: [] })));
    // Every client connection open first, so the commands below reach the server side by side.
    await Promise.all(ids.map(() => docs.findOne({ _id: 'none' })));

    const within = async <T>(work: Promise<T>) => {
      let timer: NodeJS.Timeout | undefined;
      const wedged = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('wedged: not done in 20 s')), 20_000);
      });
      try {
        return await Promise.race([work, wedged]);
      } finally {
        clearTimeout(timer);
      }
    };
    await within(
      Promise.all(
        ids.map((_id, i) =>
          docs.updateOne({ _id, ids: { $ne: `r${i}` } }, { $inc: { n: 1 }, $push: { ids: `r${i}` } }, { upsert: true }),
        ),
      ),
    );
    await within(Promise.all(ids.map((_id) => docs.findOneAndUpdate({ _id }, { $inc: { n: 1 } }))));

    expect(await docs.countDocuments({ n: 2 })).toBe(CONCURRENT);
  }, 60_000);
});
