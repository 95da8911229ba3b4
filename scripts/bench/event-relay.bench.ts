/**
 * Event relay throughput: an EventRelay publishing a SQLite event store's events to Kafka from its
 * checkpoint (read, map, send with acks from all in-sync replicas, store the checkpoint in MongoDB),
 * against a raw kafkajs producer sending the same messages, with the same producer settings and
 * acks, in batches of the relay's size, in the same run (target: at least 0.7 of raw). Figures,
 * not a timed test.
 *
 * Run: npm run bench -- event-relay [events=20000] [streams=500]
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { ExpectedRevision, NewEvent, SqliteEventStore } from '@signstash/event-store';
import { EventRelay, envelopeMessage, ensureTopics, KafkaPublisher, RelayCheckpoints } from '@signstash/messaging';
import { connectMongo } from '@signstash/platform';
import { testEnv, uniqueName, waitFor } from '@signstash/testing';
import { toEnvelope } from '../../libs/messaging/src/testing/relay.test-support';
import { countArg, deleteTopicsWithPrefix, onInterrupt, perSecond, printTable, times } from './bench-kit';

const EVENTS = countArg(2, 20_000, 'events');
const STREAMS = countArg(3, 500, 'streams');
const BATCH = 200; // the relay's default batch size
const env = testEnv();

async function main() {
  const run = uniqueName('bench_relay');
  const folder = mkdtempSync(join(tmpdir(), `${run}-`));
  const kafka = new Kafka({ clientId: run, brokers: env.kafkaBrokers, logLevel: logLevel.NOTHING });
  const mongo = await connectMongo({ url: env.mongoUrl, database: run });
  const store = new SqliteEventStore({ fileName: join(folder, 'events.sqlite'), pollIntervalMs: 50 });
  const cleanUp = async () => {
    await store.close().catch(() => undefined);
    await mongo.db.dropDatabase().catch(() => undefined);
    await mongo.client.close().catch(() => undefined);
    await deleteTopicsWithPrefix(env.kafkaBrokers, `${run}.`).catch(() => undefined);
    rmSync(folder, { recursive: true, force: true });
  };
  onInterrupt(cleanUp);

  try {
    console.log(`appending ${EVENTS} events over ${STREAMS} streams …`);
    const perStream = Math.ceil(EVENTS / STREAMS);
    for (let round = 0; round < perStream; round++) {
      await Promise.all(
        Array.from({ length: STREAMS }, (_, stream) => {
          const event: NewEvent = { eventId: randomUUID(), type: 'Counted', data: { round, note: 'x'.repeat(200) } };
          return store.appendToStream(`thing-${stream}`, [event], round === 0 ? ExpectedRevision.noStream : ExpectedRevision.exact(round - 1));
        }),
      );
    }
    const events = await store.readAll({ maxCount: EVENTS * 2 });
    const messages = events.map((event) => envelopeMessage(toEnvelope(event)!));
    const [rawTopic, relayTopic] = [`${run}.raw`, `${run}.relay`];
    await ensureTopics(kafka, [rawTopic, relayTopic].map((topic) => ({ topic, numPartitions: 3, replicationFactor: 1 })));

    // Raw: the relay's producer settings (KafkaPublisher), the same batches, acks from all in-sync replicas.
    const producer = kafka.producer({ allowAutoTopicCreation: false, idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const rawStarted = performance.now();
    for (let start = 0; start < messages.length; start += BATCH) {
      await producer.send({ topic: rawTopic, acks: -1, messages: messages.slice(start, start + BATCH) });
    }
    const rawSeconds = (performance.now() - rawStarted) / 1000;
    await producer.disconnect();

    const publisher = new KafkaPublisher(kafka);
    const relay = new EventRelay(store, publisher, new RelayCheckpoints(mongo.db), { name: run, topic: relayTopic, toEnvelope, batchSize: BATCH });
    const relayStarted = performance.now();
    await relay.start();
    await waitFor(async () => ((await relay.status()).published >= messages.length ? true : undefined), 600_000, 5);
    const relaySeconds = (performance.now() - relayStarted) / 1000;
    await relay.stop();
    await publisher.close();

    const admin = kafka.admin();
    await admin.connect();
    const messagesOn = async (topic: string) => (await admin.fetchTopicOffsets(topic)).reduce((sum, partition) => sum + Number(partition.high), 0);
    const sent = { raw: await messagesOn(rawTopic), relay: await messagesOn(relayTopic) };
    await admin.disconnect();

    console.log(`\n${messages.length} events (${STREAMS} streams), batches of ${BATCH}, acks=-1, idempotent producer, 3 partitions\n`);
    printTable(
      ['sender', 'messages on the topic', 'seconds', 'throughput', 'vs raw'],
      [
        ['raw kafkajs producer (pre-built messages)', String(sent.raw), rawSeconds.toFixed(2), perSecond(messages.length, rawSeconds), '1'],
        ['EventRelay (store → Kafka → checkpoint)', String(sent.relay), relaySeconds.toFixed(2), perSecond(messages.length, relaySeconds), times(rawSeconds / relaySeconds)],
      ],
    );
    console.log(`\ntarget: the relay at least 0.70x raw — ${rawSeconds / relaySeconds >= 0.7 ? 'met' : 'NOT met'}`);
    if (sent.relay !== messages.length || sent.raw !== messages.length) throw new Error(`expected ${messages.length} messages on each topic, found raw ${sent.raw}, relay ${sent.relay}`);
  } finally {
    await cleanUp();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
