import { Db, MongoClient } from 'mongodb';
import { IntegrationEnvelope } from '@signstash/contracts';
import { connectMongo } from '@signstash/platform';
import { testEnv, uniqueName, waitFor } from '@signstash/testing';
import { ConsumerInbox } from './consumer-inbox';
import { createKafka } from './kafka-connection';
import { KafkaEventConsumer } from './kafka-event-consumer';
import { KafkaPublisher } from './kafka-publisher';
import { ensureTopics } from './topic-admin';
import { testEnvelope } from './testing/envelope.fixture';

const envelope = (type: string, data: Record<string, unknown> = {}) => testEnvelope(type, { data });

describe('KafkaEventConsumer batch handlers (real Kafka and FerretDB)', () => {
  const kafka = createKafka({ clientId: uniqueName('batch-consumer-test'), brokers: testEnv().kafkaBrokers });
  const topic = uniqueName('test.batch_consumer');
  const publisher = new KafkaPublisher(kafka);
  /** Event ids by the path that handled them. */
  const byBatch: string[] = [];
  const byMessage: string[] = [];
  let mongo: { client: MongoClient; db: Db };
  let consumer: KafkaEventConsumer;
  const groupId = uniqueName('batch');
  /** Times the member (re)joined its group: state its batch handlers keep per partition is stale then. */
  let joins = 0;
  /** A `Held` batch waits for this before it finishes. */
  const gate = { started: false, release: () => undefined as void, released: Promise.resolve() };

  beforeAll(async () => {
    mongo = await connectMongo({ url: testEnv().mongoUrl, database: uniqueName('messaging_batch') });
    await ensureTopics(kafka, [{ topic, numPartitions: 1, replicationFactor: 1 }]);
    consumer = new KafkaEventConsumer(kafka, new ConsumerInbox(mongo.db), {
      groupId,
      topics: [topic],
      onGroupJoin: () => joins++,
      handlers: {
        Counted: async ({ eventId }) => void byMessage.push(eventId),
        Noted: async ({ eventId }) => void byMessage.push(eventId),
        Held: async ({ eventId }) => void byMessage.push(eventId),
      },
      batchHandlers: {
        Held: async (envelopes) => {
          gate.started = true;
          await gate.released;
          byBatch.push(...envelopes.map((held) => held.eventId));
        },
        Counted: async (envelopes) => {
          if (envelopes.some((counted) => counted.data.refused)) throw new Error('a refused report in the batch');
          byBatch.push(...envelopes.map((counted) => counted.eventId));
        },
      },
      retry: { attempts: 2, initialDelayMs: 20, maxDelayMs: 50 },
    });
    await consumer.start();
  });

  afterAll(async () => {
    await Promise.all([consumer?.stop(), publisher.close()]);
    await mongo?.db.dropDatabase();
    await mongo?.client.close();
  });

  const handled = (events: IntegrationEnvelope[]) =>
    waitFor(() => (events.every((event) => [...byBatch, ...byMessage].includes(event.eventId)) ? true : undefined));
  const times = (id: string) => [...byBatch, ...byMessage].filter((handledId) => handledId === id).length;

  it('hands a batch of events of batch-handled types to the batch handler, each event once', async () => {
    const events = Array.from({ length: 20 }, () => envelope('Counted'));
    await publisher.publish(topic, events);
    await handled(events);
    expect(events.every((event) => byBatch.includes(event.eventId) && times(event.eventId) === 1)).toBe(true);
  });

  it('hands a batch whose batch handler failed to the per-message handlers, each event once', async () => {
    const events = [envelope('Counted'), envelope('Counted', { refused: true }), envelope('Counted')];
    await publisher.publish(topic, events);
    await handled(events);
    expect(byMessage).toContain(events[1].eventId);
    expect(events.map((event) => times(event.eventId))).toEqual([1, 1, 1]);
  });

  it('hands an event of a type without a batch handler to its per-message handler', async () => {
    const events = [envelope('Counted'), envelope('Noted')];
    await publisher.publish(topic, events);
    await handled(events);
    expect(byMessage).toContain(events[1].eventId);
    expect(events.map((event) => times(event.eventId))).toEqual([1, 1]);
  });

  it("ends a wait for its own partitions as soon as it handled them, not at the broker's next committed offsets", async () => {
    gate.released = new Promise<void>((resolve) => (gate.release = resolve));
    gate.started = false;
    const event = envelope('Held');
    await publisher.publish(topic, [event]);
    await waitFor(() => (gate.started ? true : undefined));
    // The group's committed offsets are read once now and then only a minute later.
    let caughtUpAt = 0;
    const waiting = consumer.waitUntilCaughtUp(90_000, 60_000).then(() => (caughtUpAt = Date.now()));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(caughtUpAt).toBe(0);
    const releasedAt = Date.now();
    gate.release();
    await waiting;
    expect(times(event.eventId)).toBe(1);
    expect(caughtUpAt - releasedAt).toBeLessThan(5_000);
  }, 90_000);

  it('tells its owner each time it (re)joins the group, as when another member takes partitions', async () => {
    await waitFor(() => (joins > 0 ? true : undefined));
    const before = joins;
    const other = new KafkaEventConsumer(kafka, new ConsumerInbox(mongo.db), {
      groupId,
      topics: [topic],
      handlers: { Counted: async () => undefined, Noted: async () => undefined },
    });
    try {
      await other.start();
      await waitFor(() => (joins > before ? true : undefined), 30_000, 100);
    } finally {
      await other.stop();
    }
  }, 60_000);
});
