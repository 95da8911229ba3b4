import BetterSqlite3 from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Db } from 'mongodb';
import { HEADER_EVENT_ID, HEADER_EVENT_TYPE, IntegrationEnvelope } from '@signstash/contracts';
import { EVENT_STORE, EventStore } from '@signstash/event-store';
import { createKafka, KafkaEventConsumer, KafkaPublisher } from '@signstash/messaging';
import { BACKGROUND_WORKERS, BackgroundWorker, MONGO_DB } from '@signstash/platform';
import { MailpitClient, makeCertificatePem, TcpProxy, testEnv, waitFor } from '@signstash/testing';
import { listDeadLetters, ListedDeadLetter, retryDeadLetters } from '../../scripts/ops/dlq.ops';
import { mailsStatus, retryFailedMails } from '../../scripts/ops/mails.ops';
import { fromParts, OpsContext } from '../../scripts/ops/ops-context';
import { SignstashSystem } from '../system/signstash-system';

const env = testEnv();
const mailpit = new MailpitClient(env.mailpitApiUrl);
const REPO = join(__dirname, '../..');
const run = promisify(execFile);

/** The real CLI process, with the environment a service's container would give it. */
async function opsCli(
  args: string[],
  serviceEnv: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(join(REPO, 'node_modules/.bin/tsx'), ['scripts/ops.ts', ...args], {
      cwd: REPO,
      env: { ...process.env, ...serviceEnv },
      timeout: 90_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const ofEvent = (letters: ListedDeadLetter[], eventId: string) =>
  letters.filter((letter) => letter.envelope?.eventId === eventId);

/** `dlq` and `mails` of the ops CLI against the four services on the real engines, with real failures. */
describe('ops CLI: dead letters and failed mails (real engines)', () => {
  let system: SignstashSystem;
  let smtp: TcpProxy;
  let notifications: OpsContext;
  let clientServices: OpsContext;
  let cliEnv: { notifications: Record<string, string>; clientServices: Record<string, string> };
  const publisher = new KafkaPublisher(createKafka({ clientId: 'dlq-ops-test', brokers: env.kafkaBrokers }));
  const mystery: IntegrationEnvelope = {
    eventId: randomUUID(),
    type: 'CertificateArchived',
    schemaVersion: 1,
    occurredAt: new Date().toISOString(),
    issuerId: 'issuer-unknown',
    aggregateId: randomUUID(),
    streamRevision: 9,
    data: {},
  };
  let pem: string;

  beforeAll(async () => {
    pem = await makeCertificatePem({ commonName: 'Dead letters' });
    smtp = new TcpProxy(await TcpProxy.freePort(), env.smtpHost, env.smtpPort);
    await smtp.up();
    system = await SignstashSystem.start({
      expiryIntervalSeconds: 1,
      smtpPort: smtp.port,
      mailInitialBackoffMs: 10,
      mailRetryHorizonSeconds: 2,
    });
    const common = { brokers: env.kafkaBrokers, prefix: `${system.run}.` };
    // The harness names each service's CONSUMER_GROUP and database after the run.
    notifications = fromParts({
      ...common,
      service: 'notification-service',
      db: system.apps.notifications.get<Db>(MONGO_DB),
      consumerGroup: `${system.run}_mail`,
    });
    clientServices = fromParts({
      ...common,
      service: 'client-service-service',
      db: system.apps.clientServices.get<Db>(MONGO_DB),
      consumerGroup: `${system.run}_cs`,
    });
    const shared = {
      MONGO_URL: env.mongoUrl,
      KAFKA_BROKERS: env.kafkaBrokers.join(','),
      KAFKA_TOPIC_PREFIX: `${system.run}.`,
    };
    cliEnv = {
      notifications: { ...shared, MONGO_DB: `${system.run}_mail`, CONSUMER_GROUP: `${system.run}_mail` },
      clientServices: {
        ...shared,
        MONGO_DB: `${system.run}_cs`,
        CONSUMER_GROUP: `${system.run}_cs`,
        SQLITE_PATH: join(system.folder, 'client-services.sqlite'),
      },
    };
  });
  afterAll(async () => {
    await publisher.close();
    await Promise.all([notifications?.close(), clientServices?.close()]);
    await system?.stop();
    await smtp?.down();
  });

  it('dead-letters an unknown type and an unparseable value, and `dlq list` shows each with its cause', async () => {
    await publisher.publish(system.topics.certificates, [mystery]);
    await publisher.send(system.topics.certificates, [{ key: mystery.aggregateId, value: 'not json {' }]);

    const letters = await waitFor(
      async () => {
        const found = await listDeadLetters(notifications);
        return found.length >= 2 ? found : undefined;
      },
      30_000,
      500,
    );
    const certificatesGroup = `${system.run}_mail.certificates`;
    expect(letters.map((letter) => [letter.group, letter.envelope?.type ?? letter.value])).toEqual([
      [certificatesGroup, 'CertificateArchived'],
      [certificatesGroup, 'not json {'],
    ]);
    const [unknown, garbage] = letters;
    expect(unknown).toMatchObject({
      topic: system.topics.certificates,
      deadLetterTopic: `${system.topics.certificates}.dlq.${certificatesGroup}`,
      key: mystery.aggregateId,
      headers: { [HEADER_EVENT_ID]: mystery.eventId, [HEADER_EVENT_TYPE]: 'CertificateArchived' },
      cause: {
        originalTopic: system.topics.certificates,
        consumerGroup: certificatesGroup,
        attempts: 0,
        error: `no handler for event type 'CertificateArchived' in consumer group ${certificatesGroup}`,
      },
      retryable: true,
      retried: false,
    });
    expect(garbage).toMatchObject({
      envelope: undefined,
      retryable: false,
      retried: false,
      cause: { error: expect.stringMatching(/^unparseable envelope: value is not JSON/) },
    });
    expect(Number(garbage.cause!.originalOffset)).toBe(Number(unknown.cause!.originalOffset) + 1);
    expect(garbage.cause!.originalPartition).toBe(unknown.cause!.originalPartition);
    // The client-service consumer reads the same topic and knows neither.
    const theirs = await waitFor(
      async () => {
        const found = await listDeadLetters(clientServices);
        return found.length >= 2 ? found : undefined;
      },
      30_000,
      500,
    );
    expect(theirs.map((letter) => [letter.group, letter.envelope?.eventId ?? letter.value])).toEqual([
      [`${system.run}_cs`, mystery.eventId],
      [`${system.run}_cs`, 'not json {'],
    ]);
    expect(await listDeadLetters(notifications, `${system.run}_mail.directory`)).toEqual([]);
  });

  it('prints them from the CLI process, as a table and as JSON, and names the groups on a wrong one', async () => {
    const table = await opsCli(['dlq', 'list'], cliEnv.notifications);
    expect(table).toMatchObject({ code: 0, stderr: '' });
    for (const text of [
      `CertificateArchived ${mystery.eventId}`,
      "no handler for event type 'CertificateArchived'",
      system.topics.certificates,
      'pending',
      'not retryable',
      '(no envelope) not json {',
    ])
      expect(table.stdout).toContain(text);

    const json = await opsCli(
      ['dlq', 'list', '--json', '--group', `${system.run}_mail.certificates`],
      cliEnv.notifications,
    );
    const listed = JSON.parse(json.stdout) as ListedDeadLetter[];
    expect(
      listed.map((letter) => [letter.envelope?.eventId ?? null, letter.cause?.attempts, letter.retryable]),
    ).toEqual([
      [mystery.eventId, 0, true],
      [null, 0, false],
    ]);

    const wrong = await opsCli(['dlq', 'list', '--group', 'nope'], cliEnv.notifications);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain(
      `unknown consumer group "nope" of notification-service; known: ${system.run}_mail.directory, ${system.run}_mail.certificates`,
    );
  });

  it('a retry whose cause persists marks the letter retried and dead-letters the message again as a new letter', async () => {
    const group = `${system.run}_mail.certificates`;
    expect(await retryDeadLetters(notifications, group)).toEqual([
      { group, topic: system.topics.certificates, retried: 1, left: 1 },
    ]);

    const again = await waitFor(
      async () => {
        const found = ofEvent(await listDeadLetters(notifications, group), mystery.eventId);
        return found.length === 2 ? found : undefined;
      },
      30_000,
      500,
    );
    expect(again.map((letter) => letter.retried)).toEqual([true, false]);
    expect(again[0].retriedAt!.getTime()).toBeLessThanOrEqual(again[1].cause!.failedAt.getTime());
    expect(again[1].headers['signstash-retried-from-dlq']).toBe(
      `${again[0].deadLetterTopic}/${again[0].partition}@${again[0].offset}`,
    );

    // The client-service group reads the same topic: once it has consumed the re-published copy, it
    // has ignored it (the letter was the notification group's), so its own DLQ gained nothing.
    const admin = clientServices.kafka.admin();
    await admin.connect();
    try {
      await waitFor(
        async () => {
          const ends = await admin.fetchTopicOffsets(system.topics.certificates);
          const [committed] = await admin.fetchOffsets({
            groupId: `${system.run}_cs`,
            topics: [system.topics.certificates],
          });
          // A partition the group never read has offset -1 (and an empty one, high 0).
          const behind = ends.some(
            ({ partition, high }) =>
              Math.max(0, Number(committed.partitions.find((p) => p.partition === partition)?.offset ?? 0)) <
              Number(high),
          );
          return behind ? undefined : true;
        },
        30_000,
        500,
      );
    } finally {
      await admin.disconnect();
    }
    expect(ofEvent(await listDeadLetters(clientServices), mystery.eventId)).toHaveLength(1);
  });

  it('a message dead-lettered while the event store was locked is processed once after `dlq retry`; retrying again adds nothing', async () => {
    const ana = await system.newOperator();
    const certificate = await ana.session.post('/api/certificates', {
      alias: 'Locked store',
      pem,
      access: { provider: 'Multicert', credentialId: 'l', expiresAt: new Date(Date.now() + 12_000).toISOString() },
    });
    expect(certificate.status).toBe(201);
    const service = await waitFor(
      async () => {
        const response = await ana.session.post('/api/client-services', {
          name: 'Locked service',
          certificateId: certificate.body.id,
        });
        return response.status === 201 ? response.body : undefined;
      },
      10_000,
      100,
    );
    // A maintenance transaction holds the write lock: every suspension append fails with SQLITE_BUSY.
    const lock = new BetterSqlite3(join(system.folder, 'client-services.sqlite'));
    lock.exec('BEGIN IMMEDIATE');
    let letter: ListedDeadLetter;
    try {
      letter = await waitFor(
        async () =>
          (await listDeadLetters(clientServices)).find(
            (l) => l.envelope?.type === 'AccessExpired' && l.envelope.aggregateId === certificate.body.id,
          ),
        90_000,
        2000,
      );
    } finally {
      lock.exec('ROLLBACK');
      lock.close();
    }
    expect(letter.cause).toMatchObject({ attempts: 5, error: expect.stringMatching(/database is locked/) });
    const streamId = `clientservice-${service.id}`;
    const store = system.apps.clientServices.get<EventStore>(EVENT_STORE);
    expect((await store.readStream(streamId)).map((e) => e.type)).toEqual(['ClientServiceRegistered']);

    const eventId = letter.envelope!.eventId;
    const [result] = await retryDeadLetters(clientServices, undefined, [eventId]);
    expect(result).toMatchObject({ group: `${system.run}_cs`, retried: 1 });
    await waitFor(
      async () =>
        (await ana.session.get(`/api/client-services/${service.id}`)).body.status === 'SUSPENDED' ? true : undefined,
      20_000,
      200,
    );
    expect(ofEvent(await listDeadLetters(clientServices), eventId)).toMatchObject([
      { retried: true, retriedAt: expect.any(Date) },
    ]);

    const second = await opsCli(
      ['dlq', 'retry', '--service', 'client-service-service', '--event', eventId, '--json'],
      cliEnv.clientServices,
    );
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toEqual([
      { group: `${system.run}_cs`, topic: system.topics.certificates, retried: 0, left: result.left },
    ]);

    // Lose the mark, as a crash between re-publish and mark would: the re-published copy is an inbox duplicate.
    const consumer = system.apps.clientServices
      .get<BackgroundWorker[]>(BACKGROUND_WORKERS)
      .find((w): w is KafkaEventConsumer => w instanceof KafkaEventConsumer)!;
    const duplicates = consumer.counters().duplicates;
    await system.apps.clientServices.get<Db>(MONGO_DB).collection('dead_letter_retries').deleteMany({ eventId });
    expect((await retryDeadLetters(clientServices, undefined, [eventId]))[0].retried).toBe(1);
    await waitFor(() => (consumer.counters().duplicates > duplicates ? true : undefined), 20_000, 200);
    expect((await store.readStream(streamId)).map((e) => e.type)).toEqual([
      'ClientServiceRegistered',
      'ClientServiceSuspended',
    ]);
    // The notification consumer saw every re-published copy too, and mailed each kind once.
    await mailpit.waitForMessages(`to:"${ana.email}" subject:"Locked store"`, 2, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await mailpit.search(`to:"${ana.email}" subject:"Locked store"`)).toHaveLength(2);
  }, 180_000);

  it('`mails retry-failed` sends each failed mail still true exactly once; a warning past its expiry stays failed', async () => {
    const bob = await system.newOperator();
    await smtp.down();
    const registered = await bob.session.post('/api/certificates', {
      alias: 'No SMTP',
      pem,
      access: { provider: 'Multicert', credentialId: 'm', expiresAt: new Date(Date.now() + 4000).toISOString() },
    });
    expect(registered.status).toBe(201);
    // Both failed at the end of their (2 s) retry horizon: the warning, then the expiry notice.
    const failed = await waitFor(
      async () => {
        const { failed: all } = await mailsStatus(notifications);
        const bobs = all.filter((mail) => mail.recipient === bob.email);
        return bobs.length === 2 ? bobs : undefined;
      },
      90_000,
      500,
    );
    for (const mail of failed)
      expect(mail).toMatchObject({ attempts: expect.any(Number), lastError: expect.stringMatching(/ECONNREFUSED/) });
    expect(await mailpit.search(`to:"${bob.email}"`)).toHaveLength(0);

    await smtp.up();
    const cli = await opsCli(['mails', 'retry-failed'], cliEnv.notifications);
    expect(cli).toMatchObject({ code: 0, stderr: '' });
    // The warning ("expires in 4 seconds") stopped being true when the access expired: it is not sent late.
    expect(cli.stdout).toContain('1 failed mail(s) back to pending');

    const [mail] = await mailpit.waitForMessages(`to:"${bob.email}"`, 1, 30_000);
    expect(mail.Subject).toContain('No SMTP');
    expect(mail.Subject).toContain('expired');
    await waitFor(
      async () => {
        const { counts } = await mailsStatus(notifications);
        return counts.pending + counts.sending === 0 ? counts : undefined;
      },
      10_000,
      200,
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await mailpit.search(`to:"${bob.email}"`)).toHaveLength(1);
    const states = await system.apps.notifications
      .get<Db>(MONGO_DB)
      .collection('notifications')
      .find({ recipient: bob.email })
      .toArray();
    expect(Object.fromEntries(states.map((state) => [state.kind, state.status]))).toEqual({
      AccessExpiring: 'failed',
      AccessExpired: 'sent',
    });
    expect(await retryFailedMails(notifications)).toMatchObject({ requeued: 0, before: { failed: 1 } });
  }, 180_000);
});
