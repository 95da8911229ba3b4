import { createTestDatabase, TestDatabase } from '@signstash/testing';
import { ExpectedRevision, RecordedEvent, WrongExpectedRevisionError } from '../event-store.port';
import { itemAdded, uniqueCategory } from '../testing/cart.fixture';
import { Recorder } from '../testing/subscription.contract';
import { PostgresEventStore, PostgresEventStoreOptions } from './postgres-event-store.adapter';
import { POSITION_SHIFT } from './postgres-schema';

/** What one server shared by several stores (replicas) adds to the contract. */
let database: TestDatabase;
const stores: PostgresEventStore[] = [];
const open = (options: Partial<PostgresEventStoreOptions> = {}) => {
  const store = new PostgresEventStore({ connectionString: database.url, schema: 'replicas', ...options });
  stores.push(store);
  return store;
};

beforeAll(async () => {
  database = await createTestDatabase('event_store_replicas');
});
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
});
afterAll(() => database.drop());

describe('PostgresEventStore on a server shared by replicas', () => {
  it('creates its schema on start idempotently, also when several stores start at once', async () => {
    const schema = 'fresh_schema';
    const [a, b, c] = [open({ schema }), open({ schema }), open({ schema })];
    const category = uniqueCategory();
    await Promise.all(
      [a, b, c].map((store, i) =>
        store.appendToStream(`${category}-${i}`, [itemAdded('x')], ExpectedRevision.noStream),
      ),
    );
    const reopened = open({ schema });
    expect(await reopened.readAll({ filter: { streamCategories: [category] } })).toHaveLength(3);
  });

  it('lets exactly one of 8 appends with the same expected revision from 8 connections win', async () => {
    const replicas = Array.from({ length: 8 }, () => open());
    const stream = `${uniqueCategory()}-1`;
    await replicas[0].appendToStream(stream, [itemAdded('seed')], ExpectedRevision.noStream);
    for (const expected of [ExpectedRevision.exact(0), ExpectedRevision.exact(1)]) {
      const outcomes = await Promise.allSettled(
        replicas.map((store, i) => store.appendToStream(stream, [itemAdded(`sku${i}`)], expected)),
      );
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      for (const loser of outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected')) {
        expect(loser.reason).toBeInstanceOf(WrongExpectedRevisionError);
      }
    }
    expect((await replicas[3].readStream(stream)).map((e) => e.revision)).toEqual([0, 1, 2]);
  });

  it('keeps every `any` append from concurrent connections, each at its own revision', async () => {
    const replicas = Array.from({ length: 4 }, () => open());
    const stream = `${uniqueCategory()}-1`;
    await Promise.all(
      replicas.flatMap((store, i) =>
        [0, 1, 2].map((j) => store.appendToStream(stream, [itemAdded(`${i}-${j}`)], ExpectedRevision.any)),
      ),
    );
    expect((await replicas[0].readStream(stream)).map((e) => e.revision)).toEqual([...Array(12).keys()]);
  });

  it('treats the same event re-appended through another connection as a replay', async () => {
    const [a, b] = [open(), open()];
    const stream = `${uniqueCategory()}-1`;
    const event = itemAdded('once');
    const [first, second] = await Promise.all([
      a.appendToStream(stream, [event], ExpectedRevision.noStream),
      b.appendToStream(stream, [event], ExpectedRevision.noStream),
    ]);
    expect(second).toEqual(first);
    await expect(b.appendToStream(`${stream}x`, [event], ExpectedRevision.noStream)).rejects.toThrow(
      /already recorded in stream/,
    );
  });

  it('wakes a subscriber of another store by notification, without waiting for its poll', async () => {
    const reader = open({ pollIntervalMs: 60_000 });
    const writer = open();
    const category = uniqueCategory();
    const recorder = new Recorder();
    const subscription = reader.subscribeToAll(recorder.handler, { filter: { streamCategories: [category] } });
    await recorder.until(() => recorder.caughtUpAfter !== undefined);
    for (let i = 0; i < 3; i++)
      await writer.appendToStream(`${category}-${i}`, [itemAdded('x')], ExpectedRevision.noStream);
    await recorder.until(() => recorder.delivered.length === 3, 10_000);
    await subscription.stop();
    expect(recorder.delivered.map((e: RecordedEvent) => e.streamId)).toEqual([0, 1, 2].map((i) => `${category}-${i}`));
  });

  it('commits the appends of one event-loop turn in one transaction, a failing one alone', async () => {
    const store = open();
    const category = uniqueCategory();
    await store.appendToStream(`${category}-0`, [itemAdded('seed')], ExpectedRevision.noStream);
    const outcomes = await Promise.allSettled([
      store.appendToStream(`${category}-1`, [itemAdded('a')], ExpectedRevision.noStream),
      store.appendToStream(`${category}-0`, [itemAdded('stale')], ExpectedRevision.noStream),
      store.appendToStream(`${category}-2`, [itemAdded('b'), itemAdded('c')], ExpectedRevision.noStream),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const written = (await store.readAll({ filter: { streamCategories: [category] } })).slice(1);
    expect(new Set(written.map((e) => e.position >> BigInt(POSITION_SHIFT))).size).toBe(1);
  });

  it('writes a group of appends to distinct streams in one statement, and falls back per append when one fails', async () => {
    const store = open();
    const category = uniqueCategory();
    const taken = itemAdded('taken');
    await store.appendToStream(`${category}-owner`, [taken], ExpectedRevision.noStream);
    await store.appendToStream(`${category}-b`, [itemAdded('b0')], ExpectedRevision.noStream);
    const together = await Promise.all([
      store.appendToStream(`${category}-a`, [itemAdded('a0'), itemAdded('a1')], ExpectedRevision.noStream),
      store.appendToStream(
        `${category}-b`,
        [itemAdded('b1'), itemAdded('b2'), itemAdded('b3')],
        ExpectedRevision.exact(0),
      ),
    ]);
    expect(together.map((result) => result.nextExpectedRevision)).toEqual([1, 3]);
    expect((await store.readStream(`${category}-b`)).map((e) => e.revision)).toEqual([0, 1, 2, 3]);
    expect((await store.readStream(`${category}-a`)).map((e) => e.revision)).toEqual([0, 1]);
    expect((await store.readStream(`${category}-b`)).at(-1)!.position).toBe(together[1].position);

    const outcomes = await Promise.allSettled([
      store.appendToStream(`${category}-c`, [itemAdded('c0')], ExpectedRevision.noStream),
      store.appendToStream(`${category}-d`, [taken], ExpectedRevision.noStream),
      store.appendToStream(`${category}-e`, [itemAdded('e0'), itemAdded('e1')], ExpectedRevision.noStream),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason.message).toMatch(/already recorded in stream .*-owner/);
    const streams = (await store.readAll({ filter: { streamCategories: [category] } })).map(
      (e) => `${e.streamId}@${e.revision}`,
    );
    expect(streams.filter((id) => /-(c|d|e)@/.test(id)).sort()).toEqual([
      `${category}-c@0`,
      `${category}-e@0`,
      `${category}-e@1`,
    ]);
  });
});
