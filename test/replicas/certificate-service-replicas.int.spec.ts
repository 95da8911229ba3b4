import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { IntegrationEnvelope, topicNames } from '@signstash/contracts';
import { PostgresEventStore, RecordedEvent } from '@signstash/event-store';
import { createKafka, ensureTopics } from '@signstash/messaging';
import {
  collectTopic,
  createTestDatabase,
  makeCertificatePem,
  TestDatabase,
  testEnv,
  uniqueName,
  waitFor,
} from '@signstash/testing';
import { ServiceProcess } from './service-process';

const env = testEnv();
const DAY = 24 * 60 * 60 * 1000;
const RELAY_LEADER = /^signstash_relay_leader\{relay="[^"]*certificates-to-kafka"[,}]/;
const ENTRY = join(__dirname, 'certificate-service.entry.ts');
const SCHEDULER_LEADER = /^signstash_expiry_scheduler_leader(\{[^}]*\})? /;

/**
 * Two certificate-service processes on one PostgreSQL event store (and one MongoDB database): commands
 * through both, one relay and one expiry scheduler active by lease, the same read models through both,
 * every stored event on Kafka; then the lease holder is killed with SIGKILL and the survivor takes over.
 */
describe('two certificate-service replicas on one PostgreSQL event store (real engines, child processes)', () => {
  jest.setTimeout(300_000);
  const run = uniqueName('replicas');
  const topics = topicNames(`${run}.`);
  const issuer = uniqueName('issuer');
  const operator = { 'X-Operator-Id': `operator-of-${issuer}`, 'content-type': 'application/json' };
  let database: TestDatabase;
  let store: PostgresEventStore;
  let replicas: ServiceProcess[] = [];
  let kafkaMessages: Awaited<ReturnType<typeof collectTopic<IntegrationEnvelope>>>;

  const api = async (
    replica: ServiceProcess,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const response = await fetch(`${replica.url}/issuers/${issuer}/certificates${path}`, {
      method,
      headers: { ...operator, ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json: any = await response.json().catch(() => undefined);
    return { status: response.status, etag: response.headers.get('etag'), body: json };
  };
  const register = async (replica: ServiceProcess, alias: string, expiresInMs = 90 * DAY) =>
    api(replica, 'POST', '', {
      alias,
      pem: await makeCertificatePem({ commonName: alias }),
      access: {
        provider: 'Multicert',
        credentialId: `cred-${alias}`,
        expiresAt: new Date(Date.now() + expiresInMs).toISOString(),
      },
    });
  const holders = async (series: RegExp) => {
    const running = replicas.filter((replica) => replica.running);
    const values = await Promise.all(running.map((replica) => replica.gauge(series)));
    return running.filter((_, i) => values[i] === 1);
  };
  const stored = (): Promise<RecordedEvent[]> => store.readAll({ filter: { streamCategories: ['certificate'] } });
  const onKafka = () => kafkaMessages.received.map((envelope) => envelope.eventId);
  /** Every stored certificate event is on the topic; returns the ids as published (duplicates included). */
  const allPublished = () =>
    waitFor(
      async () => {
        const ids = (await stored()).map((event) => event.eventId);
        const published = new Set(onKafka());
        return ids.every((id) => published.has(id)) ? { ids, published: onKafka() } : undefined;
      },
      60_000,
      250,
    );

  beforeAll(async () => {
    database = await createTestDatabase(`${run}_events`);
    await ensureTopics(createKafka({ clientId: run, brokers: env.kafkaBrokers }), [
      { topic: topics.certificates, numPartitions: 3, replicationFactor: 1 },
    ]);
    const serviceEnv = {
      EVENT_STORE: 'postgres',
      POSTGRES_URL: database.url,
      MONGO_URL: env.mongoUrl,
      MONGO_DB: run,
      KAFKA_BROKERS: env.kafkaBrokers.join(','),
      KAFKA_TOPIC_PREFIX: `${run}.`,
      EXPIRY_CHECK_INTERVAL_SECONDS: '1',
      LEASE_TTL_SECONDS: '3',
    };
    replicas = await Promise.all(
      ['a', 'b'].map((label) => ServiceProcess.start(ENTRY, serviceEnv, `replica ${label}`)),
    );
    store = new PostgresEventStore({ connectionString: database.url, schema: 'certificate_service' });
    kafkaMessages = await collectTopic(
      createKafka({ clientId: `${run}-reader`, brokers: env.kafkaBrokers }),
      topics.certificates,
    );
  });

  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.kill('SIGTERM')));
    await kafkaMessages?.stop();
    await store?.close();
    await database?.drop();
    const client = await MongoClient.connect(env.mongoUrl);
    await client.db(run).dropDatabase();
    await client.close();
  });

  it('takes commands through both, with one relay and one scheduler, the same read models, each event on Kafka once', async () => {
    const [a, b] = replicas;
    const created: Awaited<ReturnType<typeof register>>[] = [];
    for (let i = 0; i < 6; i++) created.push(await register(i % 2 === 0 ? a : b, `Replicated ${i}`));
    created.push(await register(b, 'Expires soon', 2500));
    expect(created.map((response) => response.status)).toEqual(created.map(() => 201));

    // The same revision edited through both replicas at once: the store lets exactly one win.
    const edits = await Promise.all(
      [a, b].map((replica, i) =>
        api(replica, 'PATCH', `/${created[0].body.id}/details`, { description: `edit ${i}` }, { 'If-Match': '"0"' }),
      ),
    );
    expect(edits.map((edit) => edit.status).sort()).toEqual([200, 409]);

    expect(
      await waitFor(async () => ((await holders(RELAY_LEADER)).length === 1 ? true : undefined), 20_000, 200),
    ).toBe(true);
    expect(
      await waitFor(async () => ((await holders(SCHEDULER_LEADER)).length === 1 ? true : undefined), 20_000, 200),
    ).toBe(true);

    const expiring = `certificate-${created[6].body.id}`;
    await waitFor(
      async () => ((await store.readStream(expiring)).some((e) => e.type === 'AccessExpired') ? true : undefined),
      30_000,
      200,
    );
    const { ids, published } = await allPublished();
    expect(published.length).toBe(ids.length);
    expect(new Set(published)).toEqual(new Set(ids));
    expect((await store.readStream(expiring)).filter((e) => e.type === 'AccessExpired')).toHaveLength(1);

    // Both replicas' projections (on the one MongoDB database) show the same models through either.
    const winner = edits.find((edit) => edit.status === 200)!;
    const views = await waitFor(
      async () => {
        const both = await Promise.all(
          [a, b].map(async (replica) => [
            await api(replica, 'GET', '?pageSize=50'),
            await api(replica, 'GET', `/${created[0].body.id}`),
          ]),
        );
        return both.every(([list, detail]) => list.body.total === 7 && detail.etag === winner.etag) ? both : undefined;
      },
      30_000,
      250,
    );
    expect(views[0].map((view) => view.body)).toEqual(views[1].map((view) => view.body));
    expect(views[0][1].body.description).toMatch(/^edit [01]$/);
  });

  it('the relay lease holder killed with SIGKILL: the other replica takes over the relay and the scheduler, nothing lost', async () => {
    const [holder] = await holders(RELAY_LEADER);
    const survivor = replicas.find((replica) => replica !== holder)!;
    // Commands in flight through the holder when it dies.
    const inFlight = Promise.allSettled([0, 1, 2].map((i) => register(holder, `In flight ${i}`)));
    await holder.kill('SIGKILL');
    await inFlight;

    const after = [
      await register(survivor, 'After the kill'),
      await register(survivor, 'Expires after the kill', 2500),
    ];
    expect(after.map((response) => response.status)).toEqual([201, 201]);
    await waitFor(async () => ((await holders(RELAY_LEADER)).includes(survivor) ? true : undefined), 30_000, 250);
    await waitFor(async () => ((await holders(SCHEDULER_LEADER)).includes(survivor) ? true : undefined), 30_000, 250);

    const expiring = `certificate-${after[1].body.id}`;
    await waitFor(
      async () => ((await store.readStream(expiring)).some((e) => e.type === 'AccessExpired') ? true : undefined),
      30_000,
      200,
    );
    // A batch the holder sent but had not checkpointed is sent again: at least once on the topic, each id exactly once after dedupe.
    const { ids, published } = await allPublished();
    expect(new Set(published)).toEqual(new Set(ids));

    const total = (await stored()).filter((event) => event.type === 'CertificateRegistered').length;
    const list = await waitFor(
      async () => {
        const response = await api(survivor, 'GET', '?pageSize=50');
        return response.body.total === total ? response.body : undefined;
      },
      30_000,
      250,
    );
    expect(list.items.map((item: { alias: string }) => item.alias)).toEqual(
      expect.arrayContaining(['After the kill', 'Expires after the kill']),
    );
  });
});
