import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Db, MongoClient } from 'mongodb';
import { GlobalPosition, SqliteEventStore } from '@signstash/event-store';
import { connectMongo } from '@signstash/platform';
import { collectTopic, testEnv, uniqueName, waitFor } from '@signstash/testing';
import { EnvelopePublisher, EventRelay } from './event-relay';
import { createKafka } from './kafka-connection';
import { KafkaPublisher } from './kafka-publisher';
import { RelayCheckpoints } from './relay-checkpoints';
import { appendRoundRobin, toEnvelope } from './testing/relay.fixture';
import { ensureTopics } from './topic-admin';

/** The relay's checkpoint writes are throttled: not one FerretDB write per relayed batch (real SQLite store, Kafka and FerretDB). */
describe('EventRelay checkpoint writes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'event-relay-checkpoint-'));
  const kafka = createKafka({ clientId: uniqueName('relay-checkpoint-test'), brokers: testEnv().kafkaBrokers });
  const publisher = new KafkaPublisher(kafka);
  let store: SqliteEventStore;
  let mongo: { client: MongoClient; db: Db };
  const readers: Array<{ stop(): Promise<void> }> = [];

  /** The real checkpoints, each write recorded. */
  const countedCheckpoints = () => {
    const inner = new RelayCheckpoints(mongo.db);
    const writes: GlobalPosition[] = [];
    const checkpoints = Object.assign(Object.create(inner) as RelayCheckpoints, {
      save: async (relay: string, position: GlobalPosition) => {
        writes.push(position);
        await inner.save(relay, position);
      },
    });
    return { checkpoints, writes, stored: (name: string) => inner.load(name) };
  };

  beforeAll(async () => {
    store = new SqliteEventStore({ fileName: join(dir, 'events.sqlite'), pollIntervalMs: 100 });
    mongo = await connectMongo({ url: testEnv().mongoUrl, database: uniqueName('relay_checkpoint') });
  });

  afterAll(async () => {
    await Promise.all(readers.map((reader) => reader.stop()));
    await publisher.close();
    await store.close();
    await mongo.db.dropDatabase();
    await mongo.client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores its checkpoint at most every checkpointEveryMs however many batches it sends, and the last one on stop', async () => {
    const topic = uniqueName('test.relay-checkpoint');
    await ensureTopics(kafka, [{ topic, numPartitions: 3 }]);
    const filter = { streamCategories: ['paced'] };
    await appendRoundRobin(
      store,
      Array.from({ length: 4 }, () => `paced-${randomUUID()}`),
      10,
    );
    const reader = await collectTopic(kafka, topic);
    readers.push(reader);
    const sends: number[] = [];
    const counting: EnvelopePublisher = {
      send: async (target, messages) => {
        sends.push(messages.length);
        await publisher.send(target, messages);
      },
    };
    const { checkpoints, writes, stored } = countedCheckpoints();
    const name = uniqueName('relay');
    const relay = new EventRelay(store, counting, checkpoints, {
      name,
      topic,
      toEnvelope,
      filter,
      batchSize: 4,
      checkpointEveryMs: 60_000,
    });

    await relay.start();
    await waitFor(() => (relay.publishedCount === 40 ? true : undefined));
    // Live at the head now: sent as they come (alone, or with an append committed before the relay
    // looked the head up again), acknowledged, still no write of their own.
    await appendRoundRobin(store, [`paced-${randomUUID()}`], 3);
    await waitFor(() => (relay.publishedCount === 43 ? true : undefined));
    expect(sends.length).toBeGreaterThanOrEqual(11);
    // The first acknowledged batch is stored at once; everything after waits for the pause (a crash now re-sends it).
    expect(writes).toHaveLength(1);
    await waitFor(async () => ((await stored(name)) === writes[0] ? true : undefined));

    await relay.stop();
    const head = await store.headPosition(filter);
    expect(writes).toEqual([writes[0], head]);
    expect(await stored(name)).toBe(head);
    await waitFor(() => (reader.received.length >= 43 ? true : undefined));
    expect(new Set(reader.received.map((envelope) => envelope.eventId)).size).toBe(43);
  });

  it('re-sends what came after the stored checkpoint when it did not stop cleanly, and nothing is lost', async () => {
    const topic = uniqueName('test.relay-crash');
    await ensureTopics(kafka, [{ topic, numPartitions: 3 }]);
    const filter = { streamCategories: ['crashy'] };
    await appendRoundRobin(
      store,
      Array.from({ length: 4 }, () => `crashy-${randomUUID()}`),
      5,
    );
    const reader = await collectTopic(kafka, topic);
    readers.push(reader);
    const name = uniqueName('relay');
    const options = { name, topic, toEnvelope, filter, batchSize: 4, checkpointEveryMs: 60_000 };
    const first = countedCheckpoints();
    const crashed = new EventRelay(store, publisher, first.checkpoints, options);
    await crashed.start();
    await waitFor(() => (crashed.publishedCount === 20 ? true : undefined));
    // The first batch's position is stored, the rest never is.
    await waitFor(async () => ((await first.stored(name)) === first.writes[0] ? true : undefined));
    expect(first.writes).toHaveLength(1);
    // A crash: the process goes without stop(); a new instance starts from what was stored.

    const second = countedCheckpoints();
    const restarted = new EventRelay(store, publisher, second.checkpoints, options);
    await restarted.start();
    await waitFor(() => (restarted.publishedCount === 16 ? true : undefined)); // 20 events, the first batch of 4 stored
    await restarted.stop();
    await waitFor(() => (reader.received.length >= 36 ? true : undefined));
    expect(new Set(reader.received.map((envelope) => envelope.eventId)).size).toBe(20);
    expect(await second.stored(name)).toBe(await store.headPosition(filter));
    // The crashed instance's pending write would land only after its pause: it is stopped here for the test's clean-up.
    await crashed.stop();
  });
});
