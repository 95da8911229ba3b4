/**
 * Usage reports at Kafka's pace (issue 24, item 5): 1,000,000 signatures in 100,000 reports over
 * 1,000 certificates published on `signstash.signatures.v1` while they are consumed, with 1 % of the
 * reports published twice (a redelivery), by a publisher in a process of its own. The certificate service (its Nest app in this process,
 * against the real engines) counts them; a raw kafkajs consumer in a process of its own reads the
 * same topic in the same run. Both are timed from the first report published to the last one
 * counted (read): the ratio says whether the service keeps Kafka's pace (target ≥ 0.7× raw).
 *
 * Some certificates have a small signature limit (their grant's, as a CA gives it), so their reports
 * cross 90 % and then the limit mid-run: the latency from publishing the report that crosses to
 * AccessUsageWarned / AccessExpired (reason signatures) recorded in the certificate's stream is
 * printed (target ≤ 1 s). Then every count is checked: each certificate's signatures, each report id once.
 *
 * Run: npm run bench -- usage-reports [certificates=1000] [reportsPerCertificate=100]
 */
import './decorator-metadata.hook';
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { Kafka, logLevel } from 'kafkajs';
import type { Db } from 'mongodb';
import { topicNames } from '@signstash/contracts';
import { EVENT_STORE, EventStore, ExpectedRevision } from '@signstash/event-store';
import { createKafka, ensureTopics, KafkaEventConsumer } from '@signstash/messaging';
import { BACKGROUND_WORKERS, BackgroundWorker, loadConfig, MONGO_DB } from '@signstash/platform';
import { PROJECTION_RUNNERS, ProjectionRunner } from '@signstash/read-model';
import { testEnv, uniqueName } from '@signstash/testing';
import { AppModule } from '../../services/certificate-service/src/app.module';
import { CertificateServiceConfig } from '../../services/certificate-service/src/certificate-service.config';
import { certificateDecider } from '../../services/certificate-service/src/certificates/certificate.decider';
import { certificateStreamId } from '../../services/certificate-service/src/certificates/certificate.stream';
import {
  SIGNATURE_REPORTS,
  SignatureReportDocument,
} from '../../services/certificate-service/src/certificates/signature-usage/signature-usage.documents';
import {
  countArg,
  deleteTopicsWithPrefix,
  ms,
  onInterrupt,
  perSecond,
  printTable,
  summarize,
  times,
} from './bench-kit';

const CERTIFICATES = countArg(2, 1000, 'certificates');
const REPORTS_EACH = countArg(3, 100, 'reportsPerCertificate');
const SIGNATURES_EACH_REPORT = 10;
/**
 * Limits that make certificates cross mid-run, one in ten: the first of each twenty is sent 95 % of its
 * limit (90 % crossed near the end, a usage warning), the eleventh twice its limit (the access ends halfway).
 */
const SENT_EACH = REPORTS_EACH * SIGNATURES_EACH_REPORT;
const limitOf = (index: number) =>
  index % 20 === 0 ? Math.round(SENT_EACH / 0.95) : index % 20 === 10 ? SENT_EACH / 2 : undefined;
/** Every 100th report is published twice. */
const DUPLICATE_EVERY = 100;
const DAY = 24 * 60 * 60 * 1000;

const env = testEnv();
const database = uniqueName('bench_usage_reports');
const prefix = `${database}.`;
const topic = topicNames(prefix).signatures;
const issuerId = `${database}_issuer`;
const folder = mkdtempSync(join(tmpdir(), `${database}-`));
const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

interface Certificate {
  id: string;
  grantedAt: string;
  limit?: number;
}

async function startService(): Promise<INestApplication> {
  const config = loadConfig('certificate-service', CertificateServiceConfig, {
    MONGO_URL: env.mongoUrl,
    MONGO_DB: database,
    CONSUMER_GROUP: database,
    KAFKA_BROKERS: env.kafkaBrokers.join(','),
    SQLITE_PATH: join(folder, 'service.sqlite'),
    // Accesses end in months: the scheduler would only scan; keep its scans out of the figures.
    EXPIRY_CHECK_INTERVAL_SECONDS: '3600',
    KAFKA_TOPIC_PREFIX: prefix,
  });
  await ensureTopics(createKafka({ clientId: database, brokers: env.kafkaBrokers }), [
    { topic, numPartitions: 3, replicationFactor: 1 },
    { topic: topicNames(prefix).certificates, numPartitions: 3, replicationFactor: 1 },
  ]);
  const app = await NestFactory.create(AppModule.forRoot(config), { logger: ['error', 'warn'] });
  await app.init();
  return app;
}

/** The certificates, appended as the register command decides them (a CA grant with its limit), then projected. */
async function seed(app: INestApplication): Promise<Certificate[]> {
  const store = app.get<EventStore>(EVENT_STORE);
  const at = new Date();
  const certificates: Certificate[] = [];
  for (let index = 0; index < CERTIFICATES; index++) {
    const id = randomUUID();
    const limit = limitOf(index);
    const [registered] = certificateDecider.decide(
      {
        type: 'RegisterCertificate',
        data: {
          certificateId: id,
          issuerId,
          by: 'bench',
          at,
          alias: `Usage ${index}`,
          description: '',
          certificate: {
            subject: `CN=Usage ${index}`,
            issuingCa: 'CN=Bench CA',
            serialNumber: index.toString(16),
            validFrom: new Date(at.getTime() - DAY).toISOString(),
            validTo: new Date(at.getTime() + 400 * DAY).toISOString(),
            fingerprintSha256: id,
            keyUsage: [],
            pem: '',
          },
          access: {
            kind: 'ca',
            ca: 'bench-ca',
            caName: 'Bench CA',
            credentialId: `cred-${index}`,
            periodDays: 60,
            signatureLimit: limit ?? 1_000_000_000,
          },
        },
      },
      certificateDecider.initialState(),
    );
    await store.appendToStream(
      certificateStreamId(id),
      [{ eventId: randomUUID(), type: registered.type, data: registered.data }],
      ExpectedRevision.noStream,
    );
    const grantedAt = (registered.data as { access: { grantedAt: string } }).access.grantedAt;
    certificates.push({ id, grantedAt, limit });
  }
  // The projections (list, detail, history) catch up before the clock starts: their work is not the reports'.
  const runners = app.get<ProjectionRunner[]>(PROJECTION_RUNNERS);
  while ((await Promise.all(runners.map((runner) => runner.status()))).some((status) => status.lag > 0n))
    await sleep(200);
  return certificates;
}

function startRawConsumer(expected: number) {
  const child = fork(
    join(__dirname, 'raw-report-consumer.ts'),
    [env.kafkaBrokers.join(','), topic, `${database}.raw`, String(expected)],
    { execArgv: ['--import', 'tsx'] },
  );
  const joined = new Promise<void>((resolve) =>
    child.on('message', (m: { kind: string }) => m.kind === 'joined' && resolve()),
  );
  const done = new Promise<{ at: number; read: number; signatures: number }>((resolve, reject) => {
    child.on(
      'message',
      (m: { kind: string; at: number; read: number; signatures: number }) => m.kind === 'done' && resolve(m),
    );
    child.on('exit', (code) => reject(new Error(`the raw consumer exited (${code})`)));
  });
  done.catch(() => undefined);
  return { child, joined, done };
}

/** Waits until the service's consumer group has its members assigned (so the first report is not read late). */
async function serviceGroupStable(kafka: Kafka, groupId: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (;;) {
      const [group] = (await admin.describeGroups([groupId])).groups;
      if (group?.state === 'Stable' && group.members.length > 0) return;
      await sleep(100);
    }
  } finally {
    await admin.disconnect();
  }
}

/** The publisher in a process of its own (usage-report-publisher.ts): when it started, and when each round was sent. */
function startPublisher(certificates: Certificate[]) {
  const child = fork(
    join(__dirname, 'usage-report-publisher.ts'),
    [
      env.kafkaBrokers.join(','),
      topic,
      issuerId,
      String(REPORTS_EACH),
      String(SIGNATURES_EACH_REPORT),
      String(DUPLICATE_EVERY),
    ],
    { execArgv: ['--import', 'tsx'] },
  );
  const reply = <T>(kind: string) =>
    new Promise<T>((resolve, reject) => {
      child.on('message', (m: { kind: string } & T) => m.kind === kind && resolve(m));
      child.on('exit', (code) => reject(new Error(`the publisher exited (${code})`)));
    });
  const started = reply<{ at: number }>('started');
  const sent = reply<{ sentAt: number[] }>('sent');
  sent.catch(() => undefined);
  child.send({ kind: 'publish', certificates: certificates.map(({ id, grantedAt }) => ({ id, grantedAt })) });
  return { child, started: started.then((m) => m.at), sentAt: sent.then((m) => m.sentAt) };
}

/** The round whose report takes a certificate past `threshold` signatures (0-based), for the crossing latencies. */
const crossingRound = (threshold: (count: number) => boolean) => {
  for (let round = 0; round < REPORTS_EACH; round++) if (threshold((round + 1) * SIGNATURES_EACH_REPORT)) return round;
  return undefined;
};

const phase = (what: string) => console.log(`${new Date().toISOString().slice(11, 19)} ${what}`);

async function main() {
  const loadAtStart = loadavg()[0];
  const kafka = new Kafka({ clientId: database, brokers: env.kafkaBrokers, logLevel: logLevel.NOTHING });
  let app: INestApplication | undefined;
  let raw: ReturnType<typeof startRawConsumer> | undefined;
  let publisher: ReturnType<typeof startPublisher> | undefined;
  const cleanUp = async () => {
    raw?.child.kill();
    publisher?.child.kill();
    if (app) {
      const db = app.get<Db>(MONGO_DB);
      await app.close().catch(() => undefined);
      await db.dropDatabase().catch(() => undefined);
    }
    await deleteTopicsWithPrefix(env.kafkaBrokers, prefix).catch(() => undefined);
    rmSync(folder, { recursive: true, force: true });
  };
  onInterrupt(cleanUp);
  try {
    phase('starting the service');
    app = await startService();
    console.log(`seeding ${CERTIFICATES} certificates (one in ten with a limit crossed mid-run) …`);
    const certificates = await seed(app);
    const reports = CERTIFICATES * REPORTS_EACH;
    const messages = reports + Math.floor(reports / DUPLICATE_EVERY);
    const groupId = `${database}.signatures`;
    const consumer = app
      .get<BackgroundWorker[]>(BACKGROUND_WORKERS)
      .find((worker): worker is KafkaEventConsumer => worker.name === `consumer ${groupId}`)!;
    phase('seeded; starting the raw consumer');
    raw = startRawConsumer(messages);
    await Promise.all([raw.joined, serviceGroupStable(kafka, groupId)]);

    console.log(`publishing ${reports.toLocaleString('en-US')} reports (+${messages - reports} published twice) …`);
    publisher = startPublisher(certificates);
    const started = await publisher.started;
    const handled = () => {
      const c = consumer.counters();
      return c.processed + c.duplicates + c.deadLettered + c.ignored;
    };
    while (handled() < messages) await sleep(2);
    const serviceDone = Date.now();
    const sentAt = await publisher.sentAt;
    const rawDone = await raw.done;
    const loadAtEnd = loadavg()[0];

    const rawSeconds = (rawDone.at - started) / 1000;
    const serviceSeconds = (serviceDone - started) / 1000;
    console.log(
      `\n${reports.toLocaleString('en-US')} reports over ${CERTIFICATES} certificates (${messages.toLocaleString('en-US')} messages), 3 partitions, published in ${((sentAt.at(-1)! - started) / 1000).toFixed(1)} s\n`,
    );
    printTable(
      ['consumer', 'all read / counted after', 'messages/s', 'vs raw'],
      [
        ['raw kafkajs consumer (parse + sum)', `${rawSeconds.toFixed(2)} s`, perSecond(messages, rawSeconds), '1.00x'],
        [
          'certificate service (count, check)',
          `${serviceSeconds.toFixed(2)} s`,
          perSecond(messages, serviceSeconds),
          times(rawSeconds / serviceSeconds),
        ],
      ],
    );
    const ratio = rawSeconds / serviceSeconds;
    console.log(`\nthe service at ${times(ratio)} raw; target ≥ 0.70x — ${ratio >= 0.7 ? 'met' : 'NOT met'}`);
    console.log(`consumer counters: ${JSON.stringify(consumer.counters())}`);

    await crossings(app, certificates, sentAt);
    await exactlyOnce(app, certificates, rawDone.signatures);
    console.log(`load average (1 min): ${loadAtStart.toFixed(2)} at the start, ${loadAtEnd.toFixed(2)} at the end`);
  } finally {
    raw?.child.send({ kind: 'stop' });
    await cleanUp();
  }
}

async function crossings(app: INestApplication, certificates: Certificate[], sentAt: number[]) {
  const limits = new Map(certificates.flatMap(({ id, limit }) => (limit === undefined ? [] : [[id, limit]])));
  const warning = [...limits.values()].filter((limit) => limit > SENT_EACH).length;
  const ending = limits.size - warning;
  const store = app.get<EventStore>(EVENT_STORE);
  const read = async () =>
    (await store.readAll({ filter: { eventTypes: ['AccessUsageWarned', 'AccessExpired'] } })).filter(
      (event) => (event.data as { issuerId: string }).issuerId === issuerId,
    );
  const deadline = Date.now() + 30_000;
  let recorded = await read();
  const count = (type: string) => recorded.filter((event) => event.type === type).length;
  while ((count('AccessUsageWarned') < warning || count('AccessExpired') < ending) && Date.now() < deadline) {
    await sleep(200);
    recorded = await read();
  }
  // Latency from publishing the round whose report took the certificate past the line.
  const latencies = (type: string, crossed: (signatures: number, limit: number) => boolean) =>
    recorded
      .filter((event) => event.type === type)
      .map((event) => {
        const limit = limits.get((event.data as { certificateId: string }).certificateId)!;
        const round = crossingRound((signatures) => crossed(signatures, limit))!;
        return event.recordedAt.getTime() - sentAt[round];
      });
  const warned = latencies('AccessUsageWarned', (signatures, limit) => signatures > limit * 0.9);
  const expired = latencies('AccessExpired', (signatures, limit) => signatures >= limit);
  const reasons = new Set(
    recorded.filter((e) => e.type === 'AccessExpired').map((e) => (e.data as { reason?: string }).reason),
  );
  console.log(
    `
crossings: ${warning} certificates sent 95 % of their limit, ${ending} twice theirs; report published -> event recorded in the certificate's stream`,
  );
  const row = (name: string, values: number[]) => {
    const s = summarize(values);
    return [name, String(s.count), ms(s.p50), ms(s.p99), ms(s.max)];
  };
  printTable(
    ['crossing', 'recorded', 'p50', 'p99', 'max'],
    [
      // The certificates that end halfway may also be warned first (when 90 % and 100 % fall in different batches).
      row('90 % -> AccessUsageWarned', warned),
      row('limit -> AccessExpired (reason signatures)', expired),
    ],
  );
  const all = [...warned, ...expired];
  const once = (type: string) =>
    new Set(recorded.filter((e) => e.type === type).map((e) => (e.data as { certificateId: string }).certificateId))
      .size === count(type);
  const met =
    warned.length >= warning &&
    expired.length === ending &&
    once('AccessUsageWarned') &&
    once('AccessExpired') &&
    [...reasons].join() === 'signatures' &&
    Math.max(...all) <= 1000;
  console.log(`every crossing recorded once, within 1 s of its report — ${met ? 'met' : 'NOT met'}`);
  if (!met) process.exitCode = 1;
}

async function exactlyOnce(app: INestApplication, certificates: Certificate[], rawSignatures: number) {
  // Each stored report is one report id (its `_id`): per period, as many as were sent and their signatures.
  // Tallied here: FerretDB 1.24's `$group` gives 0 for `{ $sum: 1 }` (measured), so it cannot count them.
  const stored = await app
    .get<Db>(MONGO_DB)
    .collection<SignatureReportDocument>(SIGNATURE_REPORTS)
    .find({}, { projection: { period: 1, signatures: 1 } })
    .toArray();
  const periods = new Map<string, { signatures: number; reports: number }>();
  for (const { period, signatures } of stored) {
    const tally = periods.get(period) ?? { signatures: 0, reports: 0 };
    tally.signatures += signatures;
    tally.reports++;
    periods.set(period, tally);
  }
  const usage = [...periods.values()];
  const expected = REPORTS_EACH * SIGNATURES_EACH_REPORT;
  const wrong = usage.filter((period) => period.signatures !== expected || period.reports !== REPORTS_EACH);
  const total = usage.reduce((sum, period) => sum + period.signatures, 0);
  const ok = usage.length === certificates.length && wrong.length === 0 && total === certificates.length * expected;
  console.log(
    `\nexactly once: ${usage.length} periods counted, ${total.toLocaleString('en-US')} signatures ` +
      `(raw read ${rawSignatures.toLocaleString('en-US')} with the duplicates), ${wrong.length} periods off — ${ok ? 'each report counted once' : 'NOT EXACT'}`,
  );
  if (!ok) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
