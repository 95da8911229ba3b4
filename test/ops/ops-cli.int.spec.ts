import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Db } from 'mongodb';
import { EVENT_STORE, EventStore } from '@signstash/event-store';
import { MONGO_DB } from '@signstash/platform';
import {
  checkpointId,
  physicalCollectionName,
  PROJECTION_RUNNERS,
  ProjectionCheckpoints,
  ProjectionRunner,
  ProjectionStatus,
  ReadModelAliases,
} from '@signstash/read-model';
import { MailpitClient, makeCertificatePem, testEnv, waitFor } from '@signstash/testing';
import { fromParts, OpsContext, SERVICE_PARTS } from '../../scripts/ops/ops-context';
import { findProjections, projectionsStatus, rebuildProjection } from '../../scripts/ops/projections.ops';
import { republish } from '../../scripts/ops/relay.ops';
import { SignstashSystem } from '../system/signstash-system';

const env = testEnv();
const mailpit = new MailpitClient(env.mailpitApiUrl);
const DAY = 24 * 60 * 60 * 1000;
const REPO = join(__dirname, '../..');

const sorted = async (db: Db, collection: string) => db.collection(collection).find().sort({ _id: 1 }).toArray();

/** The ops CLI's commands, driven through their code against the four services on the real engines. */
describe('ops CLI against a running system (real engines)', () => {
  let system: SignstashSystem;
  let context: OpsContext;
  let db: Db;
  let store: EventStore;
  let pem: string;

  beforeAll(async () => {
    pem = await makeCertificatePem({ commonName: 'Ops' });
    system = await SignstashSystem.start({ expiryIntervalSeconds: 1 });
    db = system.apps.certificates.get<Db>(MONGO_DB);
    store = system.apps.certificates.get<EventStore>(EVENT_STORE);
    context = fromParts({
      service: 'certificate-service',
      db,
      store,
      brokers: env.kafkaBrokers,
      prefix: `${system.run}.`,
    });
    const ana = await system.newOperator();
    for (let i = 0; i < 30; i++) {
      const response = await ana.session.post('/api/certificates', {
        alias: `Ops ${i}`,
        pem: await makeCertificatePem({ commonName: `Ops ${i}` }),
        access: {
          provider: 'Multicert',
          credentialId: `c${i}`,
          expiresAt: new Date(Date.now() + 90 * DAY).toISOString(),
        },
      });
      expect(response.status).toBe(201);
    }
    // One issuer's own thresholds: the projection of the thresholds streams has an event to rebuild too.
    expect((await ana.session.put('/api/settings/warning-thresholds', { thresholdsDays: [45, 10] })).status).toBe(200);
    // Caught up: each projection at the newest event of its own streams (the thresholds' has none yet).
    for (const { projection } of await waitFor(
      async () => {
        const reports = await projectionsStatus(context);
        return reports.every((report) => report.lag === 0n) ? reports : undefined;
      },
      20_000,
      200,
    ))
      expect(projection).toBeDefined();
  });
  afterAll(async () => {
    await context?.close();
    await system?.stop();
  });

  /** The code version each projection declares (a projection whose documents change shape gets the next). */
  const versionOf = (name: string) => {
    const projection = SERVICE_PARTS['certificate-service'].projections.find((p) => p.name === name);
    if (!projection) throw new Error(`no projection ${name}`);
    return projection.version;
  };

  it('status reports each projection: readers, checkpoint, head, lag, parked', async () => {
    const reports = await projectionsStatus(context);
    expect(reports.map((report) => report.projection)).toEqual(
      SERVICE_PARTS['certificate-service'].projections.map((p) => p.name),
    );
    for (const report of reports) {
      const version = versionOf(report.projection);
      expect(report).toMatchObject({ codeVersion: version, readers: { version }, lag: 0n, parked: 0 });
      // Each head is the newest event of the projection's own streams: 30 certificates, or the one thresholds change.
      expect(report.head).toBeGreaterThanOrEqual(report.projection === 'warning-thresholds' ? 1n : 60n);
    }
  });

  it('republished certificate events are absorbed: one suspension and one mail per kind', async () => {
    const ana = await system.newOperator();
    const expiring = await ana.session.post('/api/certificates', {
      alias: 'Republished',
      pem,
      access: { provider: 'Multicert', credentialId: 'r', expiresAt: new Date(Date.now() + 6000).toISOString() },
    });
    const from = (await store.readStream(`certificate-${expiring.body.id}`))[0].position;
    const service = await waitFor(
      async () => {
        const response = await ana.session.post('/api/client-services', {
          name: 'Republished service',
          certificateId: expiring.body.id,
        });
        return response.status === 201 ? response.body : undefined;
      },
      10_000,
      100,
    );
    await waitFor(
      async () =>
        (await ana.session.get(`/api/client-services/${service.id}`)).body.status === 'SUSPENDED' ? true : undefined,
      20_000,
      200,
    );
    await mailpit.waitForMessages(`to:"${ana.email}" subject:"Republished"`, 2, 45_000);

    const { count, topic } = await republish(context, from);
    expect(topic).toBe(system.topics.certificates);
    expect(count).toBeGreaterThanOrEqual(3);
    await new Promise((resolve) => setTimeout(resolve, 4000));

    const clientServiceEvents = await system.apps.clientServices
      .get<EventStore>(EVENT_STORE)
      .readStream(`clientservice-${service.id}`);
    expect(clientServiceEvents.map((e) => e.type)).toEqual(['ClientServiceRegistered', 'ClientServiceSuspended']);
    expect(await mailpit.search(`to:"${ana.email}" subject:"Republished"`)).toHaveLength(2);
  });

  const register = async (alias: string) => {
    const ana = await system.newOperator();
    const response = await ana.session.post('/api/certificates', {
      alias,
      pem,
      access: { provider: 'Multicert', credentialId: alias, expiresAt: new Date(Date.now() + 90 * DAY).toISOString() },
    });
    expect(response.status).toBe(201);
    return (response.body as { id: string }).id;
  };
  const runners = () => system.apps.certificates.get<ProjectionRunner[]>(PROJECTION_RUNNERS);

  it('rebuilds every projection beside the live one, ends equal, switches readers, and the service follows the new build', async () => {
    const projections = SERVICE_PARTS['certificate-service'].projections;
    // Aliases and physical collections are named by each projection's collection, at its code version.
    const live = projections.map((p) => `${p.collection}_v${p.version}`);
    const before = await Promise.all(live.map((collection) => sorted(db, collection)));
    const progress: ProjectionStatus[] = [];
    for (const projection of findProjections(context, undefined, true)) {
      // The grace period outlasts the service runners' 5 s alias check, as the CLI's default does.
      const result = await rebuildProjection(context, projection, {
        batchSize: 20,
        progressEveryMs: 20,
        dropOldAfterMs: 6000,
        onProgress: (s) => progress.push(s),
      });
      expect(result).toMatchObject({ outcome: 'switched', build: { version: projection.version, rebuild: 1 } });
    }
    for (const [index, { collection, version }] of projections.entries()) {
      expect(await new ReadModelAliases(db).get(collection)).toMatchObject({
        collection: `${live[index]}_r1`,
        version,
        rebuild: 1,
      });
      expect(await sorted(db, `${live[index]}_r1`)).toEqual(before[index]);
    }
    const collections = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
    expect(collections).toEqual(expect.arrayContaining(live.map((c) => `${c}_r1`)));
    // The old builds are dropped after the grace period.
    expect(collections.filter((name) => live.includes(name))).toEqual([]);
    expect(progress.some((status) => status.state === 'rebuilding')).toBe(true);

    // No redeploy: the service's own runners follow the rebuilt build, so new writes reach readers.
    const statuses = await waitFor(
      async () => {
        const all = await Promise.all(runners().map((runner) => runner.status()));
        return all.every((status) => status.state === 'live' && status.rebuild === 1) ? all : undefined;
      },
      15_000,
      200,
    );
    expect(statuses.map((status) => status.collection)).toEqual(live.map((c) => `${c}_r1`));
    const id = await register('After rebuild');
    expect(await db.collection('certificate_list_v1_r1').findOne({ _id: id as never })).toMatchObject({
      alias: 'After rebuild',
    });
    const ana = await system.newOperator();
    const listed = await ana.session.get(`/api/certificates?alias=${encodeURIComponent('After rebuild')}`);
    expect(listed.status).toBe(200);
  });

  it('an interrupted rebuild resumes from its own checkpoint and ends equal', async () => {
    const [list] = findProjections(context, 'certificate-list', false);
    const before = await sorted(db, 'certificate_list_v1_r1');
    const abort = new AbortController();
    const first = await rebuildProjection(context, list, {
      batchSize: 5,
      progressEveryMs: 10,
      onProgress: (status) => status.checkpoint > 0n && abort.abort(),
      signal: abort.signal,
    });
    expect(first.outcome).toBe('stopped');
    expect(first.build).toEqual({ version: 1, rebuild: 2 });
    expect(first.status.checkpoint).toBeGreaterThan(0n);
    expect(first.status.checkpoint).toBeLessThan(first.status.head);
    expect(await new ReadModelAliases(db).get('certificate_list')).toMatchObject({ version: 1, rebuild: 1 });
    expect((await projectionsStatus(context))[0].building).toEqual({
      version: 1,
      rebuild: 2,
      checkpoint: first.status.checkpoint,
    });

    let resumedFrom: bigint | undefined;
    const second = await rebuildProjection(context, list, {
      batchSize: 5,
      dropOldAfterMs: 6000,
      progressEveryMs: 10,
      onProgress: (s) => {
        if (s.state === 'rebuilding') resumedFrom ??= s.checkpoint;
      },
    });
    expect(second).toMatchObject({
      outcome: 'switched',
      build: { version: 1, rebuild: 2 },
      collection: 'certificate_list_v1_r2',
    });
    expect(resumedFrom).toBeGreaterThanOrEqual(first.status.checkpoint);
    expect(second.status.applied).toBeLessThan(Number(second.status.head));
    expect(await sorted(db, 'certificate_list_v1_r2')).toEqual(before);
    const following = await waitFor(
      async () => ((await runners()[0].status()).rebuild === 2 ? true : undefined),
      15_000,
      200,
    );
    expect(following).toBe(true);
  });

  it('the CLI process killed with SIGKILL mid-rebuild: the same command resumes from the checkpoint and ends equal', async () => {
    for (let i = 0; i < 20; i++) await register(`Killed ${i}`);
    const head = await store.headPosition();
    await waitFor(
      async () => ((await projectionsStatus(context))[0].checkpoint === head ? true : undefined),
      20_000,
      100,
    );
    const readersBefore = (await new ReadModelAliases(db).get('certificate_list'))!;
    const before = await sorted(db, readersBefore.collection);
    const next = { version: 1, rebuild: (readersBefore.rebuild ?? 0) + 1 };
    const cli = (...args: string[]) =>
      // tsx loaded into this very process (not the tsx launcher, whose child a SIGKILL would orphan).
      spawn(process.execPath, ['--import', 'tsx', 'scripts/ops.ts', 'projections', ...args], {
        cwd: REPO,
        env: {
          ...process.env,
          MONGO_URL: env.mongoUrl,
          MONGO_DB: db.databaseName,
          SQLITE_PATH: join(system.folder, 'certificates.sqlite'),
          KAFKA_BROKERS: env.kafkaBrokers.join(','),
          KAFKA_TOPIC_PREFIX: `${system.run}.`,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    const checkpoints = new ProjectionCheckpoints(db);
    const killed = cli('rebuild', 'certificate-list', '--batch-size', '1');
    const killedAt = await waitFor(
      async () => {
        const position = (await checkpoints.load(checkpointId({ name: 'certificate-list', ...next })))?.position ?? 0n;
        return position > 0n ? position : undefined;
      },
      30_000,
      10,
    );
    killed.kill('SIGKILL');
    await new Promise((resolve) => killed.once('exit', resolve));
    expect(killedAt).toBeLessThan(head);
    expect(await new ReadModelAliases(db).get('certificate_list')).toMatchObject({
      collection: readersBefore.collection,
    });

    const resumed = cli('rebuild', 'certificate-list');
    let output = '';
    resumed.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    resumed.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise((resolve) => resumed.once('exit', resolve));
    const rebuilt = physicalCollectionName({ collection: 'certificate_list', ...next });
    expect({ code, output }).toMatchObject({
      code: 0,
      output: expect.stringContaining(`readers switched to ${rebuilt}`),
    });
    expect(output).toMatch(
      new RegExp(`building ${rebuilt} from position ${killedAt}|building ${rebuilt} from position [1-9]`),
    );
    expect(await new ReadModelAliases(db).get('certificate_list')).toMatchObject({ collection: rebuilt });
    expect(await sorted(db, rebuilt)).toEqual(before);
  }, 120_000);

  it('refuses to rebuild with code of another version than the readers use', async () => {
    const [list] = findProjections(context, 'certificate-list', false);
    await expect(rebuildProjection(context, { ...list, version: 2 })).rejects.toThrow(
      /readers use version 1 but this code declares version 2/,
    );
  });
});
