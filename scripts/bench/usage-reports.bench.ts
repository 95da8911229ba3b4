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
 * Run: npm run bench -- usage-reports [certificates=1000] [reportsPerCertificate=100]; SIGNSTASH_BENCH_SPANS=1 adds
 * the profile of each fetched batch (usage-spans.hook.ts), SIGNSTASH_BENCH_TIMELINE=1 a line per batch.
 */
import './decorator-metadata.hook';
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { INestApplication } from '@nestjs/common';
import { Kafka, logLevel } from 'kafkajs';
import { KafkaEventConsumer } from '@signstash/messaging';
import { BACKGROUND_WORKERS, BackgroundWorker, connectMongo } from '@signstash/platform';
import { deleteTopicsWithPrefix, onInterrupt, perSecond, printTable, times } from './bench-kit';
import { crossings, exactlyOnce } from './usage-reports.checks';
import { serviceGroupStable, startPublisher, startRawConsumer } from './usage-reports.processes';
import {
  CERTIFICATES,
  database,
  DUPLICATE_EVERY,
  env,
  folder,
  prefix,
  REPORTS_EACH,
  seed,
  sleep,
  startService,
} from './usage-reports.scenario';

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
    // The app's client is closed with it: its database is dropped through one of the bench's own.
    await app?.close().catch(() => undefined);
    const mongo = await connectMongo({ url: env.mongoUrl, database }).catch(() => undefined);
    await mongo?.db.dropDatabase().catch(() => undefined);
    await mongo?.client.close();
    await deleteTopicsWithPrefix(env.kafkaBrokers, prefix).catch(() => undefined);
    rmSync(folder, { recursive: true, force: true });
  };
  onInterrupt(cleanUp);
  const spans = process.env.SIGNSTASH_BENCH_SPANS === '1' ? await import('./usage-spans.hook') : undefined;
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

    spans?.printUsageSpans();
    await crossings(app, certificates, sentAt);
    await exactlyOnce(app, certificates, rawDone.signatures);
    console.log(`load average (1 min): ${loadAtStart.toFixed(2)} at the start, ${loadAtEnd.toFixed(2)} at the end`);
  } finally {
    raw?.child.send({ kind: 'stop' });
    await cleanUp();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
