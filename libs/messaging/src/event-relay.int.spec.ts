import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Db, MongoClient } from 'mongodb';
import { ExpectedRevision, SqliteEventStore } from '@signstash/event-store';
import { connectMongo } from '@signstash/platform';
import { collectTopic, testEnv, uniqueName, waitFor } from '@signstash/testing';
import { EnvelopePublisher, EventRelay, EventRelayOptions } from './event-relay';
import { createKafka } from './kafka-connection';
import { KafkaPublisher } from './kafka-publisher';
import { RelayCheckpoints } from './relay-checkpoints';
import { appendRoundRobin, freePort, inOrderPerAggregate, toEnvelope } from './testing/relay.fixture';
import { ensureTopics } from './topic-admin';

describe('EventRelay (real SQLite event store, Kafka and FerretDB)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'event-relay-'));
  const kafka = createKafka({ clientId: uniqueName('relay-test'), brokers: testEnv().kafkaBrokers });
  const publisher = new KafkaPublisher(kafka);
  let store: SqliteEventStore;
  let mongo: { client: MongoClient; db: Db };
  let checkpoints: RelayCheckpoints;
  const relays: EventRelay[] = [];
  const readers: Array<{ stop(): Promise<void> }> = [];

  const relay = (options: Omit<EventRelayOptions, 'toEnvelope'>, via: EnvelopePublisher = publisher) => {
    const created = new EventRelay(store, via, checkpoints, { toEnvelope, retryDelayMs: 100, ...options });
    relays.push(created);
    return created;
  };

  beforeAll(async () => {
    store = new SqliteEventStore({ fileName: join(dir, 'events.sqlite'), pollIntervalMs: 100 });
    mongo = await connectMongo({ url: testEnv().mongoUrl, database: uniqueName('relay') });
    checkpoints = new RelayCheckpoints(mongo.db);
  });

  afterAll(async () => {
    await Promise.all(relays.map((each) => each.stop()));
    await Promise.all(readers.map((reader) => reader.stop()));
    await publisher.close();
    await store.close();
    await mongo.db.dropDatabase();
    await mongo.client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes every event once, in order per aggregate, and resumes from its checkpoint after a restart', async () => {
    const topic = uniqueName('test.relay');
    await ensureTopics(kafka, [{ topic, numPartitions: 3 }]);
    const streams = Array.from({ length: 5 }, () => `thing-${randomUUID()}`);
    await appendRoundRobin(store, streams, 6);
    await store.appendToStream(
      `reservation-${randomUUID()}`,
      [{ eventId: randomUUID(), type: 'Reserved', data: {} }],
      ExpectedRevision.noStream,
    );
    const reader = await collectTopic(kafka, topic);
    readers.push(reader);
    const filter = { streamCategories: ['thing', 'reservation'] };

    const batches: number[] = [];
    const counting: EnvelopePublisher = {
      send: async (target, messages) => {
        batches.push(messages.length);
        await publisher.send(target, messages);
      },
    };
    const first = relay({ name: uniqueName('relay'), topic, filter, batchSize: 8 }, counting);
    await first.start();
    await waitFor(() => (reader.received.length >= 30 ? true : undefined));
    await waitFor(async () => ((await first.status()).lag === 0n ? true : undefined));
    await first.stop();
    expect(batches).toEqual([8, 8, 8, 6]); // batched while catching up; the skipped reservation counts towards a batch

    await appendRoundRobin(
      store,
      streams.map((stream) => stream.replace('thing-', 'thing-b')),
      2,
    );
    const second = relay({ name: (await first.status()).name, topic, filter, batchSize: 8 });
    await second.start();
    await waitFor(() => (reader.received.length >= 40 ? true : undefined));
    await appendRoundRobin(store, [`thing-${randomUUID()}`], 3); // live, after catching up
    await waitFor(() => (reader.received.length >= 43 ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 300)); // room for a stray duplicate to show up

    const ids = reader.received.map((envelope) => envelope.eventId);
    expect(new Set(ids).size).toBe(43);
    expect(ids).toHaveLength(43);
    expect(reader.received.some((envelope) => envelope.type === 'Reserved')).toBe(false);
    expect(inOrderPerAggregate(reader.received)).toBe(true);
    // The checkpoint is stored behind the sends, at most every 250 ms: it reaches the head soon after.
    const status = await waitFor(async () => {
      const current = await second.status();
      return current.lag === 0n ? current : undefined;
    });
    expect(status).toMatchObject({ lag: 0n, checkpoint: await store.headPosition(filter), published: 13 });
  });

  it('sends a burst appended in one commit while live as one batch, not its first event alone then pages', async () => {
    const topic = uniqueName('test.relay-burst');
    await ensureTopics(kafka, [{ topic, numPartitions: 3 }]);
    const filter = { streamCategories: ['burst'] };
    await appendRoundRobin(store, [`burst-${randomUUID()}`], 1);
    const batches: number[] = [];
    const counting: EnvelopePublisher = {
      send: async (target, messages) => {
        batches.push(messages.length);
        await publisher.send(target, messages);
      },
    };
    const live = relay({ name: uniqueName('relay'), topic, filter }, counting);
    await live.start();
    await waitFor(async () => ((await live.status()).lag === 0n ? true : undefined));
    expect(batches).toEqual([1]);

    // 600 accesses expiring at one instant: appends requested in one event-loop turn share one commit.
    await Promise.all(
      Array.from({ length: 600 }, () =>
        store.appendToStream(
          `burst-${randomUUID()}`,
          [{ eventId: randomUUID(), type: 'AccessExpired', data: {} }],
          ExpectedRevision.noStream,
        ),
      ),
    );
    await waitFor(() => (batches.reduce((sum, count) => sum + count, 0) >= 601 ? true : undefined));
    expect(batches).toEqual([1, 600]);
  });

  it('rewinds to its checkpoint when a batch fails in flight while catching up: every event published, in order', async () => {
    const topic = uniqueName('test.relay-in-flight');
    await ensureTopics(kafka, [{ topic, numPartitions: 3 }]);
    const streams = Array.from({ length: 4 }, () => `flight-${randomUUID()}`);
    await appendRoundRobin(store, streams, 10);
    const reader = await collectTopic(kafka, topic);
    readers.push(reader);

    let sends = 0;
    const failingThird: EnvelopePublisher = {
      send: async (target, messages) => {
        sends++;
        // The third batch fails after the fourth would have been collected: the relay must not skip it.
        if (sends === 3) {
          await new Promise((resolve) => setTimeout(resolve, 50));
          throw new Error('broker went away');
        }
        await publisher.send(target, messages);
      },
    };
    const flaky = relay(
      { name: uniqueName('relay'), topic, filter: { streamCategories: ['flight'] }, batchSize: 5 },
      failingThird,
    );
    await flaky.start();
    await waitFor(async () => ((await flaky.status()).lag === 0n ? true : undefined));
    await waitFor(() => (new Set(reader.received.map((envelope) => envelope.eventId)).size >= 40 ? true : undefined));

    expect(new Set(reader.received.map((envelope) => envelope.eventId)).size).toBe(40);
    expect(inOrderPerAggregate(reader.received)).toBe(true);
    expect(await flaky.status()).toMatchObject({ failures: 1, published: 40, lastError: undefined });
  });

  it('keeps retrying while the broker is unreachable, losing nothing, and republishes on demand', async () => {
    const topic = uniqueName('test.relay-outage');
    await ensureTopics(kafka, [{ topic, numPartitions: 3 }]);
    const name = uniqueName('relay-outage');
    const streams = Array.from({ length: 3 }, () => `outage-${randomUUID()}`);
    const filter = { streamCategories: ['outage'] };
    await appendRoundRobin(store, streams, 4);
    const unreachable = new KafkaPublisher(
      createKafka({ clientId: uniqueName('dead'), brokers: [`127.0.0.1:${await freePort()}`], retries: 1 }),
    );

    const blocked = relay({ name, topic, filter }, unreachable);
    await blocked.start();
    const failing = await waitFor(async () => {
      const status = await blocked.status();
      return status.failures >= 3 ? status : undefined;
    });
    expect(failing).toMatchObject({ checkpoint: 0n, published: 0, lastError: expect.stringMatching(/connect/i) });
    expect(failing.lag).toBeGreaterThan(0n);
    await blocked.stop();
    await unreachable.close();

    const reader = await collectTopic(kafka, topic);
    readers.push(reader);
    const recovered = relay({ name, topic, filter });
    await recovered.start();
    await waitFor(() => (reader.received.length >= 12 ? true : undefined));
    expect(inOrderPerAggregate(reader.received)).toBe(true);
    expect((await recovered.status()).lag).toBe(0n);

    const [, secondEvent] = await store.readAll({ filter });
    const checkpoint = (await recovered.status()).checkpoint;
    expect(await recovered.republish(secondEvent.position)).toBe(11);
    await waitFor(() => (reader.received.length >= 23 ? true : undefined));
    expect((await recovered.status()).checkpoint).toBe(checkpoint);
  });
});
