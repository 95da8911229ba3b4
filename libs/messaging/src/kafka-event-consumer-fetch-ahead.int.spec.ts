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

// One aggregate: the events keep their order within each batch.
const envelope = (type: string) => testEnvelope(type, { aggregateId: 'one-aggregate' });

describe('KafkaEventConsumer with fetchAhead (real Kafka and FerretDB)', () => {
  const kafka = createKafka({ clientId: uniqueName('fetch-ahead-test'), brokers: testEnv().kafkaBrokers });
  const topic = uniqueName('test.fetch_ahead');
  const publisher = new KafkaPublisher(kafka);
  /** Event ids in the order the batch handler finished them. */
  const handled: string[] = [];
  let mongo: { client: MongoClient; db: Db };
  let consumer: KafkaEventConsumer;
  /** A batch holding a `Held` event waits for this before it finishes. */
  const gate = { started: false, release: () => undefined as void, released: Promise.resolve() };

  beforeAll(async () => {
    mongo = await connectMongo({ url: testEnv().mongoUrl, database: uniqueName('messaging_fetch_ahead') });
    await ensureTopics(kafka, [{ topic, numPartitions: 1, replicationFactor: 1 }]);
    const batch = async (envelopes: IntegrationEnvelope[]) => {
      if (envelopes.some((event) => event.type === 'Held')) {
        gate.started = true;
        await gate.released;
      }
      handled.push(...envelopes.map((event) => event.eventId));
    };
    consumer = new KafkaEventConsumer(kafka, new ConsumerInbox(mongo.db), {
      groupId: uniqueName('fetch-ahead'),
      topics: [topic],
      fetchAhead: true,
      handlers: { Counted: async ({ eventId }) => void handled.push(eventId) },
      batchHandlers: { Counted: batch, Held: batch },
    });
    await consumer.start();
  });

  afterAll(async () => {
    await Promise.all([consumer?.stop(), publisher.close()]);
    await mongo?.db.dropDatabase();
    await mongo?.client.close();
  });

  const committed = async () => Number((await consumer.lag())[0].committed);

  it('commits a batch only once handled, handles the batch fetched meanwhile after it, and commits to the end', async () => {
    gate.released = new Promise<void>((resolve) => (gate.release = resolve));
    const held = [envelope('Held'), envelope('Held')];
    await publisher.publish(topic, held);
    await waitFor(() => (gate.started ? true : undefined));
    const next = Array.from({ length: 5 }, () => envelope('Counted'));
    await publisher.publish(topic, next);
    // kafkajs has moved past the held batch (offsets 0 and 1) and fetched the next; more than its
    // 500 ms commit interval later, nothing is committed yet (kafkajs' autoCommit would have committed 2).
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await committed()).toBeLessThan(held.length);
    expect(handled).toEqual([]);
    gate.release();
    await waitFor(async () => ((await committed()) === 7 ? true : undefined));
    expect(handled).toEqual([...held, ...next].map((event) => event.eventId));
  });
});
