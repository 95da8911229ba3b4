/**
 * Register and renew commands per second through the certificate service's internal HTTP API, against
 * raw appends of the same events into a SqliteEventStore with the same file settings, in the same run.
 * The service runs in this process (its Nest AppModule on a free 127.0.0.1 port, a temp SQLite file,
 * a unique FerretDB database, the shared Kafka), as alone as `npm start` runs it; the requests come from
 * a process of its own (certificate-commands-client.ts), a bounded number in flight, as an operator's
 * browser's would.
 *
 * Run: npx tsx scripts/bench/certificate-commands.bench.ts [commands=1000] [inFlight=8]
 * (or `npm run bench -- certificate-commands [commands] [inFlight]`); SIGNSTASH_BENCH_SPANS=1 adds the
 * profile of the command path: every round trip timed (command-spans.hook.ts).
 */
import './decorator-metadata.hook';
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  EVENT_STORE,
  EventStore,
  ExpectedRevision,
  NewEvent,
  RecordedEvent,
  SqliteEventStore,
} from '@signstash/event-store';
import { applyHttpConventions, connectMongo, loadConfig } from '@signstash/platform';
import { testEnv, uniqueName } from '@signstash/testing';
import { AppModule } from '../../services/certificate-service/src/app.module';
import { CertificateServiceConfig } from '../../services/certificate-service/src/certificate-service.config';
import { topicNames } from '@signstash/contracts';
import { createKafka, ensureTopics } from '@signstash/messaging';
import {
  countArg,
  deleteTopicsWithPrefix,
  onInterrupt,
  ms,
  perSecond,
  printTable,
  runPool,
  summarize,
  times,
} from './bench-kit';

const COMMANDS = countArg(2, 1000, 'commands');
const IN_FLIGHT = countArg(3, 8, 'inFlight');
const WARM_UP = 20;
/** Issue 24: registration and every command through the API, 8 in flight. */
const TARGET = { perSecond: 200, p50Ms: 40, p99Ms: 150 };

const env = testEnv();
const dir = mkdtempSync(join(tmpdir(), 'certificate-commands-bench-'));
const database = uniqueName('bench_certificate_commands');
// Its own topic: the relay's traffic stays out of the topics the tests and other runs consume.
const topicPrefix = `${database}.`;

async function startService(): Promise<{ app: INestApplication; url: string }> {
  const config = loadConfig('certificate-service', CertificateServiceConfig, {
    MONGO_URL: env.mongoUrl,
    MONGO_DB: database,
    KAFKA_BROKERS: env.kafkaBrokers.join(','),
    SQLITE_PATH: join(dir, 'service.sqlite'),
    // Accesses expire in months: the scheduler would only scan; keep its scans out of the figures.
    EXPIRY_CHECK_INTERVAL_SECONDS: '3600',
    KAFKA_TOPIC_PREFIX: topicPrefix,
  });
  await ensureTopics(createKafka({ clientId: database, brokers: env.kafkaBrokers }), [
    { topic: topicNames(topicPrefix).certificates, numPartitions: 3, replicationFactor: 1 },
  ]);
  const app = applyHttpConventions(await NestFactory.create(AppModule.forRoot(config), { logger: ['error', 'warn'] }));
  await app.listen(0, '127.0.0.1');
  return { app, url: (await app.getUrl()).replace('[::1]', '127.0.0.1') };
}

interface Append {
  streamId: string;
  events: NewEvent[];
  expected: ExpectedRevision;
}

const asNew = (event: RecordedEvent): NewEvent => ({
  eventId: event.eventId,
  type: event.type,
  data: event.data,
  metadata: event.metadata,
});

/**
 * Each command's appends as the service makes them, step by step (the appends of a step go together):
 * a registration claims its alias and its PEM's fingerprint at once, then writes the certificate.
 */
function commandAppends(events: RecordedEvent[], issuerId: string) {
  const ours = events.filter((event) => (event.data as { issuerId?: string }).issuerId === issuerId);
  const claimsOf = (type: string) =>
    new Map(ours.filter((e) => e.type === type).map((e) => [(e.data as { certificateId: string }).certificateId, e]));
  const [aliases, fingerprints] = [claimsOf('AliasReserved'), claimsOf('FingerprintReserved')];
  const first = (e: RecordedEvent): Append => ({
    streamId: e.streamId,
    events: [asNew(e)],
    expected: ExpectedRevision.noStream,
  });
  const registers: Append[][][] = ours
    .filter((e) => e.type === 'CertificateRegistered')
    .map((e) => {
      const id = (e.data as { certificateId: string }).certificateId;
      return [[first(aliases.get(id)!), first(fingerprints.get(id)!)], [first(e)]];
    });
  const renews: Append[][][] = ours
    .filter((e) => e.type === 'AccessRenewed')
    .map((e) => [[{ streamId: e.streamId, events: [asNew(e)], expected: ExpectedRevision.exact(e.revision - 1) }]]);
  return { registers, renews };
}

/** The HTTP client in a process of its own (certificate-commands-client.ts): the issuer and each phase's latencies. */
function httpRun(url: string) {
  type Run = { latencies: number[]; seconds: number };
  const child = fork(
    join(__dirname, 'certificate-commands-client.ts'),
    [url, String(COMMANDS), String(IN_FLIGHT), String(WARM_UP)],
    { execArgv: ['--import', 'tsx'] },
  );
  return new Promise<{ issuer: string; registers: Run; renews: Run }>((resolve, reject) => {
    child.on('message', (m: { kind: string; issuer: string; registers: Run; renews: Run }) => {
      if (m.kind === 'done') resolve(m);
    });
    child.on('exit', (code) => reject(new Error(`the HTTP client exited (${code}) before its figures`)));
  });
}

const rawRun = (store: SqliteEventStore, commands: Append[][][]) =>
  runPool(commands.length, IN_FLIGHT, async (i) => {
    for (const step of commands[i]) {
      await Promise.all(step.map(({ streamId, events, expected }) => store.appendToStream(streamId, events, expected)));
    }
  });

async function main() {
  // The profile of the command path (see the README): each round trip timed, a table printed at exit.
  const spans = process.env.SIGNSTASH_BENCH_SPANS === '1' ? await import('./command-spans.hook') : undefined;
  const { app, url } = await startService();
  let http: Awaited<ReturnType<typeof httpRun>>;
  let events: RecordedEvent[];
  try {
    process.stdout.write(
      `certificate service on ${url}; ${COMMANDS} registers then ${COMMANDS} renewals, ${IN_FLIGHT} in flight …\n`,
    );
    http = await httpRun(url);
    spans?.printSpans();
    events = await app.get<EventStore>(EVENT_STORE).readAll();
  } finally {
    await app.close();
  }
  // The service is closed: the raw appends do not share the CPU with its projections and relay.
  const appends = commandAppends(events, http.issuer);
  if (appends.registers.length !== COMMANDS || appends.renews.length !== COMMANDS) {
    throw new Error(
      `expected ${COMMANDS} registrations and renewals in the store, found ${appends.registers.length} and ${appends.renews.length}`,
    );
  }
  const store = new SqliteEventStore({ fileName: join(dir, 'raw.sqlite') });
  const raw = { registers: await rawRun(store, appends.registers), renews: await rawRun(store, appends.renews) };
  await store.close();

  const rows = (['registers', 'renews'] as const).flatMap((kind) => {
    const [h, r] = [http[kind], raw[kind]];
    const [hs, rs] = [summarize(h.latencies), summarize(r.latencies)];
    const label = kind === 'registers' ? 'RegisterCertificate' : 'RenewAccess';
    const met = COMMANDS / h.seconds >= TARGET.perSecond && hs.p50 < TARGET.p50Ms && hs.p99 < TARGET.p99Ms;
    return [
      [
        `${label}, HTTP API`,
        perSecond(COMMANDS, h.seconds),
        ms(hs.p50),
        ms(hs.p99),
        times(r.seconds / h.seconds),
        met ? 'met' : 'NOT met',
      ],
      [
        `${label}, raw appends (${kind === 'registers' ? '3 streams' : '1 stream'})`,
        perSecond(COMMANDS, r.seconds),
        ms(rs.p50),
        ms(rs.p99),
        '1.00x',
        '',
      ],
    ];
  });
  console.log(`\nCertificate commands, ${COMMANDS} each, ${IN_FLIGHT} in flight, SQLite WAL + synchronous=FULL`);
  printTable(['command', 'throughput', 'p50', 'p99', 'vs raw', 'target'], rows);
  console.log(
    `target: at least ${TARGET.perSecond}/s with p50 under ${TARGET.p50Ms} ms and p99 under ${TARGET.p99Ms} ms ` +
      `through the API (load average now: ${loadavg()
        .map((value) => value.toFixed(2))
        .join(', ')}).`,
  );
  console.log(
    'HTTP: validation, PEM parsing, read + fold + decide, the alias and PEM claims, append, and read-your-writes (the answer waits until the list, ' +
      'detail and history projections in FerretDB have applied the events). raw: the same events appended with the same ' +
      'expected revisions and concurrency to a fresh store file, nothing else. "vs raw" is the HTTP throughput over raw.',
  );
}

async function cleanUp() {
  const { client, db } = await connectMongo({ url: env.mongoUrl, database });
  await db.dropDatabase().catch(() => undefined);
  await client.close();
  await deleteTopicsWithPrefix(env.kafkaBrokers, topicPrefix).catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
}

onInterrupt(cleanUp);
main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(cleanUp);
