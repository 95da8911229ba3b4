/**
 * Register and renew commands per second through the certificate service's internal HTTP API, against
 * raw appends of the same events into a SqliteEventStore with the same file settings, in the same run.
 * The service runs in this process (its Nest AppModule on a free 127.0.0.1 port, a temp SQLite file,
 * a unique FerretDB database, the shared Kafka); requests are sent with a bounded number in flight.
 *
 * Run: npx tsx scripts/bench/certificate-commands.bench.ts [commands=1000] [inFlight=8]
 * (or `npm run bench -- certificate-commands [commands] [inFlight]`); SIGNSTASH_BENCH_SPANS=1 adds the
 * profile of the command path: every round trip timed (command-spans.hook.ts).
 */
import './decorator-metadata.hook';
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
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
import { makeCertificatePem, testEnv, uniqueName } from '@signstash/testing';
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
const DAY = 24 * 60 * 60 * 1000;

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

async function post(url: string, operatorId: string, body: unknown, expected: number): Promise<{ id: string }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-operator-id': operatorId },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== expected) throw new Error(`POST ${url}: ${response.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as { id: string };
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

async function httpRun(url: string, pems: string[]) {
  const issuer = uniqueName('bench_issuer');
  const operator = `operator-of-${issuer}`;
  const base = `${url}/issuers/${issuer}/certificates`;
  const registerBody = (alias: string, pem: string) => ({
    alias,
    description: `Benchmark certificate ${alias}`,
    pem,
    access: {
      provider: 'Multicert',
      credentialId: `cred-${alias}`,
      expiresAt: new Date(Date.now() + 180 * DAY).toISOString(),
    },
  });

  // Warm-up on another issuer: JIT, connection pools, the projections' first writes.
  const warmUpIssuer = uniqueName('bench_warm_up');
  await runPool(WARM_UP, IN_FLIGHT, async (i) => {
    const { id } = await post(
      `${url}/issuers/${warmUpIssuer}/certificates`,
      'warm-up',
      registerBody(`warm-up ${i}`, pems[i]),
      201,
    );
    await post(
      `${url}/issuers/${warmUpIssuer}/certificates/${id}/access/renewals`,
      'warm-up',
      { expiresAt: new Date(Date.now() + 200 * DAY).toISOString() },
      200,
    );
  });

  const ids: string[] = new Array(COMMANDS);
  const registers = await runPool(COMMANDS, IN_FLIGHT, async (i) => {
    ids[i] = (
      await post(base, operator, registerBody(`Bench certificate ${String(i).padStart(5, '0')}`, pems[i]), 201)
    ).id;
  });
  const renews = await runPool(COMMANDS, IN_FLIGHT, async (i) => {
    const expiresAt = new Date(Date.now() + 200 * DAY + i * 1000).toISOString();
    await post(`${base}/${ids[i]}/access/renewals`, operator, { expiresAt }, 200);
  });
  return { issuer, registers, renews };
}

const rawRun = (store: SqliteEventStore, commands: Append[][][]) =>
  runPool(commands.length, IN_FLIGHT, async (i) => {
    for (const step of commands[i]) {
      await Promise.all(step.map(({ streamId, events, expected }) => store.appendToStream(streamId, events, expected)));
    }
  });

async function main() {
  // One PEM per certificate of an issuer (the same PEM twice is refused), made before the clock starts.
  const pems = await Promise.all(
    Array.from({ length: Math.max(COMMANDS, WARM_UP) }, (_, i) => makeCertificatePem({ commonName: `Benchmark ${i}` })),
  );
  // The profile of the command path (see the README): each round trip timed, a table printed at exit.
  const spans = process.env.SIGNSTASH_BENCH_SPANS === '1' ? await import('./command-spans.hook') : undefined;
  const { app, url } = await startService();
  let http: Awaited<ReturnType<typeof httpRun>>;
  let events: RecordedEvent[];
  try {
    process.stdout.write(
      `certificate service on ${url}; ${COMMANDS} registers then ${COMMANDS} renewals, ${IN_FLIGHT} in flight …\n`,
    );
    http = await httpRun(url, pems);
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
