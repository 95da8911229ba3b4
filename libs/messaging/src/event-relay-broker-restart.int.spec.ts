import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Db, MongoClient } from 'mongodb';
import { SqliteEventStore } from '@signstash/event-store';
import { connectMongo } from '@signstash/platform';
import { collectTopic, testEnv, uniqueName, waitFor } from '@signstash/testing';
import { kafkaEngine } from '../../../scripts/engines/kafka.engine';
import { pollUntil } from '../../../scripts/engines/ports';
import { engineSettings } from '../../../scripts/engines/settings';
import { EventRelay } from './event-relay';
import { createKafka } from './kafka-connection';
import { KafkaPublisher } from './kafka-publisher';
import { RelayCheckpoints } from './relay-checkpoints';
import { appendRoundRobin, freePort, inOrderPerAggregate, toEnvelope } from './testing/relay.fixture';
import { ensureTopics } from './topic-admin';

/**
 * Stopping the shared broker would break the other test files running beside this one, so
 * this file runs a private single-node broker (same engine script, own ports and data folder).
 */
describe('EventRelay across a broker restart (private Kafka broker)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'relay-broker-restart-'));
  let broker: ReturnType<typeof kafkaEngine>;
  let brokers: string[];
  let store: SqliteEventStore;
  let mongo: { client: MongoClient; db: Db };
  let publisher: KafkaPublisher;
  let relay: EventRelay;

  const startBroker = async () => {
    await broker.start();
    if (!(await pollUntil(() => broker.isReady(), 90_000)))
      throw new Error(`private broker did not start; see ${broker.logFile}`);
  };

  beforeAll(async () => {
    const [kafkaPort, controllerPort] = [await freePort(), await freePort()];
    broker = kafkaEngine(
      engineSettings({
        ...process.env,
        SIGNSTASH_RUN_DIR: join(dir, 'run'),
        SIGNSTASH_KAFKA_PORT: String(kafkaPort),
        SIGNSTASH_KAFKA_CONTROLLER_PORT: String(controllerPort),
      }),
    );
    brokers = [`127.0.0.1:${kafkaPort}`];
    await startBroker();
    store = new SqliteEventStore({ fileName: join(dir, 'events.sqlite'), pollIntervalMs: 100 });
    mongo = await connectMongo({ url: testEnv().mongoUrl, database: uniqueName('relay_restart') });
  }, 120_000);

  afterAll(async () => {
    await relay?.stop();
    await publisher?.close();
    await store?.close();
    await broker?.stop();
    await mongo?.db.dropDatabase();
    await mongo?.client.close();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('loses nothing when the broker stops mid-relay and starts again', async () => {
    // Few client retries, so failed sends surface quickly and the relay's own retry loop is what recovers.
    const kafka = createKafka({ clientId: uniqueName('relay-restart'), brokers, retries: 2 });
    const topic = uniqueName('test.relay-restart');
    await ensureTopics(kafka, [{ topic, numPartitions: 3 }]);
    publisher = new KafkaPublisher(kafka);
    relay = new EventRelay(store, publisher, new RelayCheckpoints(mongo.db), {
      name: uniqueName('relay'),
      topic,
      toEnvelope,
      retryDelayMs: 200,
    });
    const streams = Array.from({ length: 4 }, () => `thing-${randomUUID()}`);
    await relay.start();
    await appendRoundRobin(store, streams, 3);
    await waitFor(async () => ((await relay.status()).lag === 0n ? true : undefined));

    await broker.stop();
    await appendRoundRobin(
      store,
      streams.map((stream) => `${stream}-during`),
      3,
    );
    const stalled = await waitFor(
      async () => {
        const status = await relay.status();
        return status.failures > 0 ? status : undefined;
      },
      30_000,
      200,
    );
    expect(stalled.lag).toBeGreaterThan(0n);

    await startBroker();
    await waitFor(async () => ((await relay.status()).lag === 0n ? true : undefined), 60_000, 250);
    await appendRoundRobin(store, [`thing-${randomUUID()}`], 2);
    await waitFor(async () => ((await relay.status()).lag === 0n ? true : undefined), 10_000, 100);

    const reader = await collectTopic(kafka, topic);
    try {
      await waitFor(
        () => (new Set(reader.received.map((envelope) => envelope.eventId)).size >= 26 ? true : undefined),
        30_000,
      );
      expect(new Set(reader.received.map((envelope) => envelope.eventId)).size).toBe(26);
      expect(inOrderPerAggregate(reader.received)).toBe(true);
    } finally {
      await reader.stop();
    }
  }, 120_000);
});
