import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Db, MongoClient } from 'mongodb';
import { Registry } from 'prom-client';
import { HEADER_EVENT_ID } from '@signstash/contracts';
import { SqliteEventStore } from '@signstash/event-store';
import { connectMongo, LeaseDocument, leaseTermId } from '@signstash/platform';
import { collectTopic, TcpProxy, testEnv, uniqueName, waitFor } from '@signstash/testing';
import { EventRelay } from './event-relay';
import { createKafka } from './kafka-connection';
import { KafkaPublisher } from './kafka-publisher';
import { registerMessagingMetrics } from './messaging.metrics';
import { RelayCheckpoints } from './relay-checkpoints';
import { RelayLeases } from './relay-leases';
import { appendRoundRobin, inOrderPerAggregate, toEnvelope } from './testing/relay.fixture';
import { ensureTopics } from './topic-admin';

// Renewals every second; a holder counts on its lease for 2.5 s after a write, others wait 3 s. Short
// enough for the hand-over cases to take a few seconds, long enough that a renewal delayed by a busy
// machine (the suite runs several files at once) does not lose the lease: at 900 ms it did, once, at
// load average 12.
const LEASE = { ttlMs: 3000, marginMs: 500 };
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('EventRelay replicas sharing a lease (real SQLite event store, Kafka and FerretDB)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'relay-lease-'));
  const kafka = createKafka({ clientId: uniqueName('relay-lease-test'), brokers: testEnv().kafkaBrokers });
  const publisher = new KafkaPublisher(kafka);
  let store: SqliteEventStore;
  let mongo: { client: MongoClient; db: Db };
  const relays: EventRelay[] = [];
  const readers: Array<{ stop(): Promise<void> }> = [];
  const cleanups: Array<() => Promise<unknown>> = [];

  beforeAll(async () => {
    store = new SqliteEventStore({ fileName: join(dir, 'events.sqlite'), pollIntervalMs: 50 });
    mongo = await connectMongo({ url: testEnv().mongoUrl, database: uniqueName('relay_lease') });
  });

  afterAll(async () => {
    for (const relay of relays) await relay.stop();
    await Promise.all(readers.map((reader) => reader.stop()));
    for (const cleanup of cleanups) await cleanup();
    await publisher.close();
    await store.close();
    await mongo.db.dropDatabase();
    await mongo.client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A relay name, its topic read from the start, and a stream category of its own. */
  const scenario = async () => {
    const topic = uniqueName('test.relay-lease');
    await ensureTopics(kafka, [{ topic, numPartitions: 3 }]);
    const reader = await collectTopic(kafka, topic);
    readers.push(reader);
    const category = `lease${randomUUID().slice(0, 8)}`;
    const append = (streams: number, eventsPerStream: number) =>
      appendRoundRobin(
        store,
        Array.from({ length: streams }, () => `${category}-${randomUUID()}`),
        eventsPerStream,
      );
    const exactlyOnce = async (count: number) => {
      await waitFor(() => (reader.received.length >= count ? true : undefined), 15_000);
      await pause(500); // room for a stray duplicate to show up
      const ids = reader.received.map((envelope) => envelope.eventId);
      expect(new Set(ids).size).toBe(count);
      expect(ids).toHaveLength(count);
      expect(inOrderPerAggregate(reader.received)).toBe(true);
    };
    return { name: uniqueName('relay'), topic, category, reader, append, exactlyOnce };
  };

  /** One replica's relay, noting when it sent what. */
  const replica = (name: string, topic: string, category: string, db: Db = mongo.db) => {
    const sends: Array<{ at: number; ids: string[] }> = [];
    const relay = new EventRelay(
      store,
      {
        send: async (target, messages) => {
          sends.push({ at: Date.now(), ids: messages.map((message) => String(message.headers?.[HEADER_EVENT_ID])) });
          await publisher.send(target, messages);
        },
      },
      new RelayCheckpoints(mongo.db),
      {
        name,
        topic,
        toEnvelope,
        filter: { streamCategories: [category] },
        retryDelayMs: 100,
        leases: new RelayLeases(db, LEASE),
      },
    );
    relays.push(relay);
    return { relay, sends, published: () => sends.flatMap((send) => send.ids).length };
  };

  /** One replica's /metrics, relay series only. */
  const relayMetrics = async (relay: EventRelay) => {
    const registry = new Registry();
    registerMessagingMetrics(registry, kafka, [relay]);
    return (await registry.metrics()).split('\n').filter((line) => line.startsWith('signstash_relay_l'));
  };

  /** The lease's current term. */
  const leaseOf = async (name: string) =>
    (
      await mongo.db.collection<LeaseDocument>('relay_leases').find({ name }).sort({ term: -1 }).limit(1).toArray()
    )[0] ?? null;

  it('publishes each event once with two replicas running: the lease holder publishes, the other waits', async () => {
    const { name, topic, category, append, exactlyOnce } = await scenario();
    const [a, b] = [replica(name, topic, category), replica(name, topic, category)];
    await a.relay.start();
    await b.relay.start();
    expect([a.relay.leading, b.relay.leading]).toEqual([true, false]);

    await append(5, 6);
    await exactlyOnce(30);
    await pause(LEASE.ttlMs); // several renewals: still the same holder
    expect([a.relay.leading, b.relay.leading]).toEqual([true, false]);
    expect([a.published(), b.published()]).toEqual([30, 0]);
    // The standby reports no lag, so summing the replicas' series counts the relay's lag once.
    expect(await relayMetrics(a.relay)).toEqual([
      `signstash_relay_leader{relay="relay ${name}"} 1`,
      `signstash_relay_lag{relay="relay ${name}"} 0`,
    ]);
    expect(await relayMetrics(b.relay)).toEqual([`signstash_relay_leader{relay="relay ${name}"} 0`]);
  });

  it('hands over when the holder stops: the other takes the released lease at its next attempt and publishes the rest', async () => {
    const { name, topic, category, append, exactlyOnce } = await scenario();
    const [a, b] = [replica(name, topic, category), replica(name, topic, category)];
    await a.relay.start();
    await b.relay.start();
    await append(5, 2);
    await waitFor(() => (a.published() === 10 ? true : undefined));

    const stoppedAt = Date.now();
    await a.relay.stop();
    await append(5, 2);
    const tookOverAt = await waitFor(() => (b.relay.leading ? Date.now() : undefined), 5000, 10);
    expect(tookOverAt - stoppedAt).toBeLessThan(LEASE.ttlMs);

    await exactlyOnce(20);
    expect([a.published(), b.published()]).toEqual([10, 10]);
  });

  it('stops publishing when its renewals fail, before the lease expires; the other takes over after the expiry, losing nothing', async () => {
    const { name, topic, category, append, exactlyOnce } = await scenario();
    const proxy = new TcpProxy(await TcpProxy.freePort(), '127.0.0.1', Number(new URL(testEnv().mongoUrl).port));
    await proxy.up();
    const cutOff = await connectMongo({ url: `mongodb://127.0.0.1:${proxy.port}/`, database: mongo.db.databaseName });
    cleanups.push(
      () => cutOff.client.close(true),
      () => proxy.down(),
    );
    const [a, b] = [replica(name, topic, category, cutOff.db), replica(name, topic, category)];
    await a.relay.start();
    await b.relay.start();
    await append(5, 2);
    await waitFor(() => (a.published() === 10 ? true : undefined));

    await proxy.down(); // a's lease store is unreachable from now on, as for a partitioned or paused replica
    const { owner, expiresAt } = (await leaseOf(name))!;
    await append(5, 2);
    const stoppedAt = await waitFor(() => (a.relay.leading ? undefined : Date.now()), 5000, 10);
    expect(stoppedAt).toBeLessThan(expiresAt.getTime());
    const tookOverAt = await waitFor(() => (b.relay.leading ? Date.now() : undefined), 5000, 10);
    expect(tookOverAt).toBeGreaterThanOrEqual(expiresAt.getTime());
    expect((await leaseOf(name))?.owner).not.toBe(owner);

    await exactlyOnce(20);
    expect(a.sends.every((send) => send.at < stoppedAt)).toBe(true);
    expect(a.published() + b.published()).toBe(20);
    await proxy.up(); // for a's release on stop
  });

  it('stops at once when it finds its lease taken by another owner, and nobody publishes until that owner lets go', async () => {
    const { name, topic, category, reader, append, exactlyOnce } = await scenario();
    const [a, b] = [replica(name, topic, category), replica(name, topic, category)];
    await a.relay.start();
    await b.relay.start();
    await append(3, 2);
    await waitFor(() => (reader.received.length >= 6 ? true : undefined));

    const leases = mongo.db.collection<LeaseDocument>('relay_leases');
    // An intruder takes the next term (as a replica would after a stale read): both replicas must stop.
    const term = (await leaseOf(name))!.term + 1;
    await leases.insertOne({
      _id: leaseTermId(name, term),
      name,
      term,
      owner: 'intruder',
      expiresAt: new Date(Date.now() + 60_000),
      renewedAt: new Date(),
    });
    await waitFor(() => (!a.relay.leading && !b.relay.leading ? true : undefined), 5000, 20);
    expect([a.relay.leading, b.relay.leading]).toEqual([false, false]);
    await append(3, 2);
    await pause(LEASE.ttlMs);
    expect(reader.received).toHaveLength(6);

    await leases.deleteOne({ _id: leaseTermId(name, term) });
    await waitFor(() => (a.relay.leading !== b.relay.leading ? true : undefined), 5000);
    await exactlyOnce(12);
  });
});
