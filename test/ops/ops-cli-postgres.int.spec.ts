import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Db } from 'mongodb';
import { EVENT_STORE, EventStore } from '@signstash/event-store';
import { MONGO_DB } from '@signstash/platform';
import { ReadModelAliases } from '@signstash/read-model';
import { makeCertificatePem, testEnv, waitFor } from '@signstash/testing';
import { SignstashSystem } from '../system/signstash-system';

const env = testEnv();
const REPO = join(__dirname, '../..');
const DAY = 24 * 60 * 60 * 1000;

/**
 * The ops CLI as a process, configured like certificate-service on the PostgreSQL event store
 * (EVENT_STORE=postgres, POSTGRES_URL): status, rebuild and republish read that store.
 * ops-cli.int.spec.ts covers the commands themselves in depth, on SQLite.
 */
describe('ops CLI on the PostgreSQL event store (real engines)', () => {
  jest.setTimeout(180_000);
  let system: SignstashSystem;
  let db: Db;
  let store: EventStore;

  const cli = async (...args: string[]) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/ops.ts', ...args], {
      cwd: REPO,
      env: {
        ...process.env,
        EVENT_STORE: 'postgres',
        POSTGRES_URL: system.eventStoreDatabase!.url,
        MONGO_URL: env.mongoUrl,
        MONGO_DB: db.databaseName,
        KAFKA_BROKERS: env.kafkaBrokers.join(','),
        KAFKA_TOPIC_PREFIX: `${system.run}.`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    return { code, stdout, stderr };
  };

  beforeAll(async () => {
    system = await SignstashSystem.start({ eventStore: 'postgres' });
    db = system.apps.certificates.get<Db>(MONGO_DB);
    store = system.apps.certificates.get<EventStore>(EVENT_STORE);
    const ana = await system.newOperator();
    for (let i = 0; i < 5; i++) {
      const response = await ana.session.post('/api/certificates', {
        alias: `Ops pg ${i}`,
        pem: await makeCertificatePem({ commonName: `Ops on PostgreSQL ${i}` }),
        access: {
          provider: 'Multicert',
          credentialId: `c${i}`,
          expiresAt: new Date(Date.now() + 90 * DAY).toISOString(),
        },
      });
      expect(response.status).toBe(201);
    }
  });
  afterAll(async () => system?.stop());

  it('projections status reads the head from PostgreSQL; rebuild switches readers; republish sends the events again', async () => {
    const head = await store.headPosition();
    const status = await waitFor(
      async () => {
        const run = await cli('projections', 'status', '--json');
        const reports = JSON.parse(run.stdout) as { projection: string; head: string; lag: string }[];
        return reports.every((report) => report.lag === '0') ? reports : undefined;
      },
      60_000,
      500,
    );
    // Each head is the newest event of the projection's own streams: the certificates', or none for the thresholds.
    expect(status.map((report) => [report.projection, BigInt(report.head)])).toEqual(
      status.map(({ projection }) => [projection, projection === 'warning-thresholds' ? 0n : head]),
    );

    const rebuilt = await cli('projections', 'rebuild', 'certificate-list');
    expect(rebuilt).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('readers switched to certificate_list_v1_r1'),
    });
    expect(await new ReadModelAliases(db).get('certificate_list')).toMatchObject({
      collection: 'certificate_list_v1_r1',
    });
    expect(await db.collection('certificate_list_v1_r1').countDocuments()).toBe(5);

    const [first] = await store.readAll({ maxCount: 1 });
    const republished = await cli('relay', 'republish', '--from', String(first.position), '--to', String(head));
    expect(republished.code).toBe(0);
    const result = JSON.parse(republished.stdout) as { count: number; topic: string };
    expect(result.topic).toBe(system.topics.certificates);
    expect(result.count).toBeGreaterThanOrEqual(5); // one CertificateRegistered per certificate, at least
  });
});
