import { EventStore, ExpectedRevision, WrongExpectedRevisionError } from '../event-store.port';
import { cartCheckedOut, itemAdded, itemRemoved, uniqueCategory } from './cart.fixture';
import { subscriptionContract } from './subscription.contract';
import { HoldAppend, appendOnCommit, interleavingContract } from './interleaving.contract';

export type EventStoreFactory = () => EventStore | Promise<EventStore>;

/**
 * The behaviour every EventStore adapter must show, as one jest suite. An adapter's
 * *.int.spec.ts calls it with a factory for a fresh (or shared but isolated) store. Tests only look
 * at their own unique stream categories, so they also hold on a server other runs have written to.
 * `hold` is how the adapter keeps an append's transaction open with a position already taken (see
 * interleaving.contract.ts); the default appends on commit, for stores that commit in position order.
 */
export function eventStoreContract(name: string, factory: EventStoreFactory, hold: HoldAppend = appendOnCommit): void {
  describe(`${name} (event store contract)`, () => {
    const context = { store: undefined as unknown as EventStore };
    let category: string;
    const stream = (id: string | number) => `${category}-${id}`;

    beforeEach(async () => {
      context.store = await factory();
      category = uniqueCategory();
    });
    afterEach(() => context.store.close());

    it('appends events and reads them back in order with their ids, revisions, positions and metadata', async () => {
      const { store } = context;
      const metadata = { correlationId: 'corr-1', causationId: 'cause-1', actor: 'operator-7' };
      const events = [itemAdded('apple', 2, metadata), itemAdded('pear', 1, metadata), cartCheckedOut()];
      const before = Date.now();
      const result = await store.appendToStream(stream(1), events, ExpectedRevision.noStream);

      const read = await store.readStream(stream(1));
      expect(read.map((e) => [e.eventId, e.type, e.streamId, e.revision])).toEqual(
        events.map((e, index) => [e.eventId, e.type, stream(1), index]),
      );
      expect(read[0].data).toEqual({ sku: 'apple', quantity: 2 });
      expect(read[0].metadata).toMatchObject(metadata);
      expect(read[2].metadata.correlationId).toBeUndefined();
      expect(read[0].recordedAt.getTime()).toBeGreaterThanOrEqual(before - 5000);
      expect(read[1].position).toBeGreaterThan(read[0].position);
      expect(read[2].position).toBeGreaterThan(read[1].position);
      expect(result).toEqual({ nextExpectedRevision: 2, position: read[2].position });
      expect((await store.readStream(stream(1), { fromRevision: 1, maxCount: 1 })).map((e) => e.revision)).toEqual([1]);
      expect(await store.readStream(stream('missing'))).toEqual([]);
    });

    it('enforces the expected revision: no-stream, exact and any', async () => {
      const { store } = context;
      await expect(store.appendToStream(stream(1), [itemAdded('a')], ExpectedRevision.exact(0))).rejects.toBeInstanceOf(
        WrongExpectedRevisionError,
      );
      expect(await store.appendToStream(stream(1), [itemAdded('a')], ExpectedRevision.noStream)).toMatchObject({
        nextExpectedRevision: 0,
      });
      const conflict = store.appendToStream(stream(1), [itemAdded('b')], ExpectedRevision.noStream);
      await expect(conflict).rejects.toMatchObject({
        name: 'WrongExpectedRevisionError',
        streamId: stream(1),
        actual: 0,
      });
      await expect(store.appendToStream(stream(1), [itemAdded('b')], ExpectedRevision.exact(5))).rejects.toBeInstanceOf(
        WrongExpectedRevisionError,
      );
      expect(await store.appendToStream(stream(1), [itemAdded('b')], ExpectedRevision.exact(0))).toMatchObject({
        nextExpectedRevision: 1,
      });
      expect(await store.appendToStream(stream(1), [itemRemoved('a')], ExpectedRevision.any)).toMatchObject({
        nextExpectedRevision: 2,
      });
      expect(await store.appendToStream(stream(2), [itemAdded('c')], ExpectedRevision.any)).toMatchObject({
        nextExpectedRevision: 0,
      });
      expect((await store.readStream(stream(1))).map((e) => e.type)).toEqual(['ItemAdded', 'ItemAdded', 'ItemRemoved']);
    });

    it('lets exactly one of 10 concurrent appends with the same expected revision win', async () => {
      const { store } = context;
      await store.appendToStream(stream(1), [itemAdded('seed')], ExpectedRevision.noStream);
      const outcomes = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) =>
          store.appendToStream(stream(1), [itemAdded(`sku${i}`)], ExpectedRevision.exact(0)),
        ),
      );
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const losers = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(losers).toHaveLength(9);
      for (const loser of losers) expect(loser.reason).toBeInstanceOf(WrongExpectedRevisionError);
      expect(await store.readStream(stream(1))).toHaveLength(2);

      const creations = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) =>
          store.appendToStream(stream(2), [itemAdded(`sku${i}`)], ExpectedRevision.noStream),
        ),
      );
      expect(creations.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      expect(await store.readStream(stream(2))).toHaveLength(1);
    });

    it('treats re-appending the same event ids as a no-op returning the original result', async () => {
      const { store } = context;
      const events = [itemAdded('a'), itemAdded('b')];
      const first = await store.appendToStream(stream(1), events, ExpectedRevision.noStream);
      expect(await store.appendToStream(stream(1), events, ExpectedRevision.noStream)).toEqual(first);
      const next = [itemRemoved('a')];
      const second = await store.appendToStream(stream(1), next, ExpectedRevision.exact(1));
      expect(await store.appendToStream(stream(1), next, ExpectedRevision.exact(1))).toEqual(second);
      expect(await store.appendToStream(stream(1), next, ExpectedRevision.any)).toEqual(second);
      expect(await store.readStream(stream(1))).toHaveLength(3);
      // Same ids at the same place but mixed with a new one is a conflict, not a replay.
      await expect(
        store.appendToStream(stream(1), [events[0], itemAdded('c')], ExpectedRevision.noStream),
      ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      expect(await store.readStream(stream(1))).toHaveLength(3);
    });

    it('keeps one global order across streams, filtered by category and event type', async () => {
      const { store } = context;
      const other = uniqueCategory('other');
      await store.appendToStream(stream(1), [itemAdded('a')], ExpectedRevision.any);
      await store.appendToStream(`${other}-1`, [itemAdded('x')], ExpectedRevision.any);
      await store.appendToStream(stream(2), [itemAdded('b'), itemRemoved('b')], ExpectedRevision.any);
      await store.appendToStream(stream(1), [cartCheckedOut()], ExpectedRevision.any);

      const mine = await store.readAll({ filter: { streamCategories: [category] } });
      expect(mine.map((e) => [e.streamId, e.type])).toEqual([
        [stream(1), 'ItemAdded'],
        [stream(2), 'ItemAdded'],
        [stream(2), 'ItemRemoved'],
        [stream(1), 'CartCheckedOut'],
      ]);
      for (let i = 1; i < mine.length; i++) expect(mine[i].position).toBeGreaterThan(mine[i - 1].position);

      const both = await store.readAll({ filter: { streamCategories: [category, other] } });
      expect(both.map((e) => e.streamId)).toEqual([stream(1), `${other}-1`, stream(2), stream(2), stream(1)]);
      const removals = await store.readAll({
        filter: { streamCategories: [category], eventTypes: ['ItemRemoved', 'CartCheckedOut'] },
      });
      expect(removals.map((e) => e.type)).toEqual(['ItemRemoved', 'CartCheckedOut']);
      const firstTwo = await store.readAll({ filter: { streamCategories: [category, other] }, maxCount: 2 });
      expect(firstTwo.map((e) => e.streamId)).toEqual([stream(1), `${other}-1`]);

      expect(await store.headPosition({ streamCategories: [category] })).toBe(mine[3].position);
      expect(await store.headPosition({ streamCategories: [other] })).toBe(both[1].position);
      expect(await store.headPosition({ streamCategories: [uniqueCategory('none')] })).toBe(0n);
      expect(await store.headPosition()).toBeGreaterThanOrEqual(mine[3].position);
    });

    it('reads the global log strictly after a position', async () => {
      const { store } = context;
      for (let i = 0; i < 5; i++)
        await store.appendToStream(stream(i), [itemAdded(`sku${i}`)], ExpectedRevision.noStream);
      const filter = { streamCategories: [category] };
      const all = await store.readAll({ filter });
      const rest = await store.readAll({ filter, after: all[1].position });
      expect(rest.map((e) => e.eventId)).toEqual(all.slice(2).map((e) => e.eventId));
      const page = await store.readAll({ filter, after: all[1].position, maxCount: 2 });
      expect(page.map((e) => e.eventId)).toEqual(all.slice(2, 4).map((e) => e.eventId));
      expect(await store.readAll({ filter, after: all[4].position })).toEqual([]);
    });

    subscriptionContract(context, () => category);
    interleavingContract(context, () => category, hold);
  });
}
