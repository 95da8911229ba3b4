import { Db, MongoClient } from 'mongodb';
import { ConfigResourceTypes } from 'kafkajs';
import { deadLetterTopic, HEADER_EVENT_ID } from '@signstash/contracts';
import { connectMongo } from '@signstash/platform';
import { testEnv, uniqueName, waitFor } from '@signstash/testing';
import { ConsumerInbox } from './consumer-inbox';
import { DeadLetterTool } from './dead-letter-tool';
import { EventHandler } from './event-dispatch';
import { createKafka } from './kafka-connection';
import { handledAll, KafkaEventConsumer } from './kafka-event-consumer';
import { KafkaPublisher } from './kafka-publisher';
import { ensureTopics } from './topic-admin';
import { testEnvelope } from './testing/envelope.fixture';

const envelope = (type: string, aggregateId = uniqueName('aggregate')) => testEnvelope(type, { aggregateId });

/** Test handlers: their effect is a list of handled event ids, as a real handler's would be a document. */
function testHandlers(effects: string[], state: { cured: boolean }, failures = new Map<string, number>()) {
  const handlers: Record<string, EventHandler> = {
    Noted: async ({ eventId }) => void effects.push(eventId),
    Poison: async ({ eventId }) => {
      if (!state.cured) throw new Error(`cannot digest ${eventId}`);
      effects.push(eventId);
    },
    Flaky: async ({ eventId }) => {
      const failed = failures.get(eventId) ?? 0;
      if (failed < 2) {
        failures.set(eventId, failed + 1);
        throw new Error('not yet');
      }
      effects.push(eventId);
    },
  };
  return handlers;
}

describe('KafkaEventConsumer (real Kafka and FerretDB)', () => {
  const kafka = createKafka({ clientId: uniqueName('consumer-test'), brokers: testEnv().kafkaBrokers });
  const topic = uniqueName('test.consumer');
  const strictGroup = uniqueName('strict');
  const lenientGroup = uniqueName('lenient');
  const publisher = new KafkaPublisher(kafka);
  let deadLetters: DeadLetterTool;
  const poison = { cured: false };
  const strictEffects: string[] = [];
  const lenientEffects: string[] = [];
  let mongo: { client: MongoClient; db: Db };
  let inbox: ConsumerInbox;
  let strict: KafkaEventConsumer;
  let lenient: KafkaEventConsumer;

  beforeAll(async () => {
    mongo = await connectMongo({ url: testEnv().mongoUrl, database: uniqueName('messaging') });
    inbox = new ConsumerInbox(mongo.db);
    deadLetters = new DeadLetterTool(kafka, mongo.db);
    await ensureTopics(kafka, [{ topic, numPartitions: 3, replicationFactor: 1 }]);
    const retry = { attempts: 3, initialDelayMs: 20, maxDelayMs: 100 };
    strict = new KafkaEventConsumer(kafka, inbox, {
      groupId: strictGroup,
      topics: [topic],
      handlers: testHandlers(strictEffects, poison),
      ignoreTypes: ['NotForUs'],
      retry,
    });
    lenient = new KafkaEventConsumer(kafka, inbox, {
      groupId: lenientGroup,
      topics: [topic],
      handlers: testHandlers(lenientEffects, poison),
      skipUnknownTypes: true,
      retry,
    });
    await Promise.all([strict.start(), lenient.start()]);
  });

  afterAll(async () => {
    await Promise.all([strict?.stop(), lenient?.stop(), publisher.close(), deadLetters?.close()]);
    await mongo?.db.dropDatabase();
    await mongo?.client.close();
  });

  it('hands an event to its handler and records it in the inbox', async () => {
    const event = envelope('Noted');
    await publisher.publish(topic, [event]);

    await waitFor(() => (strictEffects.includes(event.eventId) ? true : undefined));
    // The inbox entry is written once the handler is done, with the rest of its batch: a moment after the effect.
    const inbox = mongo.db.collection('consumer_inbox');
    const recorded = await waitFor(
      async () => (await inbox.findOne({ _id: `${strictGroup}:${event.eventId}` as never })) ?? undefined,
    );
    expect(recorded).toMatchObject({
      group: strictGroup,
      eventId: event.eventId,
      type: 'Noted',
      topic,
    });
  });

  it('has the effect of a duplicated event once', async () => {
    const event = envelope('Noted');
    const before = strict.counters().duplicates;
    await publisher.publish(topic, [event]);
    await publisher.publish(topic, [event]);

    await waitFor(() => (strict.counters().duplicates > before ? true : undefined));
    expect(strictEffects.filter((id) => id === event.eventId)).toHaveLength(1);
  });

  it('retries a failing handler with backoff until it succeeds', async () => {
    const event = envelope('Flaky');
    const before = strict.counters().retries;
    await publisher.publish(topic, [event]);

    await waitFor(() => (strictEffects.includes(event.eventId) ? true : undefined));
    expect(strict.counters().retries - before).toBe(2);
  });

  it('dead-letters a poison message, an unknown type and an unparseable value, and moves on', async () => {
    const aggregateId = uniqueName('aggregate');
    const poisonEvent = envelope('Poison', aggregateId);
    const mystery = envelope('Mystery', aggregateId);
    const notForUs = envelope('NotForUs', aggregateId);
    const after = envelope('Noted', aggregateId); // same key: same partition, behind the others
    const before = { strict: strict.counters(), lenient: lenient.counters() };
    await publisher.publish(topic, [poisonEvent, mystery, notForUs]);
    await publisher.send(topic, [{ key: aggregateId, value: 'not json {' }]);
    await publisher.publish(topic, [after]);

    await waitFor(() =>
      strictEffects.includes(after.eventId) && lenientEffects.includes(after.eventId) ? true : undefined,
    );
    expect(strict.counters().deadLettered - before.strict.deadLettered).toBe(3);
    expect(strict.counters().ignored - before.strict.ignored).toBe(1);
    expect(lenient.counters().deadLettered - before.lenient.deadLettered).toBe(2); // poison, unparseable
    expect(lenient.counters().ignored - before.lenient.ignored).toBe(2); // Mystery, NotForUs

    const letters = await deadLetters.list(topic, strictGroup);
    expect(letters.map((letter) => letter.envelope?.type ?? letter.value)).toEqual(['Poison', 'Mystery', 'not json {']);
    const [poisoned, unknown, unparseable] = letters;
    expect(poisoned.key).toBe(aggregateId);
    expect(poisoned.headers[HEADER_EVENT_ID]).toBe(poisonEvent.eventId);
    expect(poisoned.cause).toMatchObject({
      error: `Error: cannot digest ${poisonEvent.eventId}`,
      originalTopic: topic,
      consumerGroup: strictGroup,
      attempts: 3,
    });
    expect(Date.now() - poisoned.cause!.failedAt.getTime()).toBeLessThan(60_000);
    expect(unknown.cause).toMatchObject({
      error: expect.stringContaining("no handler for event type 'Mystery'"),
      attempts: 0,
    });
    expect(unparseable.cause?.error).toMatch(/^unparseable envelope/);
    expect(letters.map((letter) => letter.retryable)).toEqual([true, true, false]);
    expect(Number(unknown.cause!.originalOffset)).toBe(Number(poisoned.cause!.originalOffset) + 1);
    expect(letters.every((letter) => !letter.retried)).toBe(true);

    const admin = kafka.admin();
    await admin.connect();
    try {
      const { resources } = await admin.describeConfigs({
        resources: [
          { type: ConfigResourceTypes.TOPIC, name: deadLetterTopic(topic, strictGroup), configNames: ['retention.ms'] },
        ],
        includeSynonyms: false,
      });
      expect(resources[0].configEntries).toEqual([
        expect.objectContaining({ configName: 'retention.ms', configValue: '-1' }),
      ]);
    } finally {
      await admin.disconnect();
    }
  });

  it('retries a dead letter on its original topic once the cause is fixed', async () => {
    const [poisoned] = await deadLetters.list(topic, strictGroup);
    poison.cured = true;

    expect(await deadLetters.retry(topic, strictGroup, { eventIds: [poisoned.envelope!.eventId] })).toEqual({
      retried: 1,
      left: 2,
    });

    await waitFor(() => (strictEffects.includes(poisoned.envelope!.eventId) ? true : undefined));
    const letters = await deadLetters.list(topic, strictGroup);
    expect(letters.map((letter) => letter.retried)).toEqual([true, false, false]);
    expect(await deadLetters.retry(topic, strictGroup, { eventIds: [poisoned.envelope!.eventId] })).toEqual({
      retried: 0,
      left: 2,
    });
  });

  it('reports no lag once everything is handled', async () => {
    const lags = await waitFor(
      async () => {
        const current = await strict.lag();
        return current.every((partition) => partition.lag === 0) ? current : undefined;
      },
      15_000,
      250,
    );
    expect(lags.map((partition) => partition.partition).sort()).toEqual([0, 1, 2]);
  });

  it('sees partitions where nothing was published as caught up without asking the broker for the offsets', async () => {
    const quietTopic = uniqueName('test.quiet');
    await ensureTopics(kafka, [{ topic: quietTopic, numPartitions: 3, replicationFactor: 1 }]);
    const quiet = new KafkaEventConsumer(kafka, inbox, {
      groupId: uniqueName('quiet'),
      topics: [quietTopic],
      handlers: testHandlers([], poison),
    });
    await quiet.start();
    try {
      // A directory topic with a single operator has two such partitions; each wait used to read the group's offsets.
      const lag = jest.spyOn(quiet, 'lag');
      await quiet.waitUntilCaughtUp(10_000, 60_000, undefined, Date.now());
      expect(lag).not.toHaveBeenCalled();
    } finally {
      await quiet.stop();
    }
  });

  it('tells from a snapshot of what it handled whether everything published before an instant was handled then', async () => {
    const seenTopic = uniqueName('test.seen');
    await ensureTopics(kafka, [{ topic: seenTopic, numPartitions: 1 }]);
    const handled: string[] = [];
    let release = () => undefined as void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const seen = new KafkaEventConsumer(kafka, inbox, {
      groupId: uniqueName('seen'),
      topics: [seenTopic],
      handlers: {
        Noted: async ({ eventId }) => void handled.push(eventId),
        Held: async ({ eventId }) => {
          handled.push(`${eventId} started`);
          await released;
        },
      },
    });
    await seen.start();
    try {
      const noted = envelope('Noted');
      await publisher.publish(seenTopic, [noted]);
      // Handled (its effect written and its offset resolved, offset 0 of the partition) before the
      // snapshot: a read after it sees everything published before now.
      await waitFor(() => ((seen.handledSnapshot().get(`${seenTopic}/0`) ?? 0n) >= 1n ? true : undefined));
      let snapshot = seen.handledSnapshot();
      const afterNoted = await seen.offsetsPublishedBefore(Date.now());
      expect(handledAll(snapshot, afterNoted)).toBe(true);

      const held = envelope('Held');
      await publisher.publish(seenTopic, [held]);
      await waitFor(() => (handled.includes(`${held.eventId} started`) ? true : undefined));
      // Published before now and still being handled: a read now would miss its effect.
      snapshot = seen.handledSnapshot();
      const afterHeld = await seen.offsetsPublishedBefore(Date.now());
      expect(handledAll(snapshot, afterHeld)).toBe(false);
      release();
      await waitFor(() => (handledAll(seen.handledSnapshot(), afterHeld) ? true : undefined));
    } finally {
      release();
      await seen.stop();
    }
  });

  it('hands a message still being retried at shutdown to the next member: neither committed nor dead-lettered', async () => {
    const handoverTopic = uniqueName('test.handover');
    const groupId = uniqueName('handover');
    await ensureTopics(kafka, [{ topic: handoverTopic, numPartitions: 1 }]);
    let attempts = 0;
    const first = new KafkaEventConsumer(kafka, inbox, {
      groupId,
      topics: [handoverTopic],
      handlers: {
        Stuck: async () => {
          attempts++;
          throw new Error('downstream is down');
        },
      },
      retry: { attempts: 100, initialDelayMs: 200, maxDelayMs: 200 },
    });
    await first.start();
    const event = envelope('Stuck');
    await publisher.publish(handoverTopic, [event]);
    await waitFor(() => (attempts >= 2 ? true : undefined));
    const stopping = Date.now();
    await first.stop();
    expect(Date.now() - stopping).toBeLessThan(5_000);

    const handled: string[] = [];
    const second = new KafkaEventConsumer(kafka, inbox, {
      groupId,
      topics: [handoverTopic],
      handlers: { Stuck: async ({ eventId }) => void handled.push(eventId) },
    });
    try {
      await second.start();
      await waitFor(() => (handled.includes(event.eventId) ? true : undefined), 20_000);
      expect(first.counters().deadLettered + second.counters().deadLettered).toBe(0);
    } finally {
      await second.stop();
    }
  });
});
