import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { handleCommand } from './command-handler';
import { EventStore, ExpectedRevision, WrongExpectedRevisionError } from './event-store.port';
import { nameBasedUuid } from './name-based-uuid';
import { SqliteEventStore } from './sqlite/sqlite-event-store.adapter';
import { CartClosedError, cartDecider, itemAdded, ItemNotInCartError } from './testing/cart.fixture';

describe('handleCommand (against the SQLite event store)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'command-handler-'));
  let store: EventStore;
  let n = 0;
  beforeEach(() => {
    store = new SqliteEventStore({ fileName: join(dir, `events-${n++}.sqlite`) });
  });
  afterEach(() => store.close());
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates a stream with no-stream, then appends at the exact revision it read', async () => {
    const first = await handleCommand(store, 'cart-1', cartDecider, { type: 'AddItem', sku: 'apple', quantity: 2 });
    expect(first.nextExpectedRevision).toBe(0);
    expect(first.newEvents).toEqual([
      expect.objectContaining({ type: 'ItemAdded', data: { sku: 'apple', quantity: 2 } }),
    ]);
    const second = await handleCommand(store, 'cart-1', cartDecider, { type: 'AddItem', sku: 'apple', quantity: 1 });
    expect(second.nextExpectedRevision).toBe(1);
    expect(second.newState).toEqual({ status: 'open', items: { apple: 3 } });
    expect(second.position).toBe((await store.readStream('cart-1'))[1].position);
  });

  it('puts the caller metadata on every event', async () => {
    const metadata = { actor: 'operator-7', correlationId: 'corr-1', causationId: 'cmd-1' };
    await handleCommand(store, 'cart-1', cartDecider, { type: 'AddItem', sku: 'a', quantity: 1 }, { metadata });
    await handleCommand(store, 'cart-1', cartDecider, { type: 'CheckOut', at: '2025-01-01T00:00:00Z' }, { metadata });
    for (const event of await store.readStream('cart-1')) expect(event.metadata).toEqual(metadata);
  });

  it('leaves domain errors to the caller and appends nothing', async () => {
    await handleCommand(store, 'cart-1', cartDecider, { type: 'AddItem', sku: 'a', quantity: 1 });
    await handleCommand(store, 'cart-1', cartDecider, { type: 'CheckOut', at: 't' });
    await expect(
      handleCommand(store, 'cart-1', cartDecider, { type: 'AddItem', sku: 'b', quantity: 1 }),
    ).rejects.toBeInstanceOf(CartClosedError);
    expect(await store.readStream('cart-1')).toHaveLength(2);
  });

  it('appends nothing when the decider decides nothing', async () => {
    const result = await handleCommand(store, 'cart-1', cartDecider, { type: 'CheckOut', at: 't' });
    expect(result).toEqual({ newEvents: [], newState: { status: 'empty' }, nextExpectedRevision: undefined });
  });

  it('checks a caller-supplied expected revision (If-Match) against what it reads', async () => {
    await handleCommand(store, 'cart-1', cartDecider, { type: 'AddItem', sku: 'a', quantity: 1 });
    const stale = handleCommand(
      store,
      'cart-1',
      cartDecider,
      { type: 'AddItem', sku: 'b', quantity: 1 },
      {
        expected: ExpectedRevision.noStream,
        retryOnConflict: 3,
      },
    );
    await expect(stale).rejects.toMatchObject({ name: 'WrongExpectedRevisionError', actual: 0 });
    const fresh = await handleCommand(
      store,
      'cart-1',
      cartDecider,
      { type: 'AddItem', sku: 'b', quantity: 1 },
      {
        expected: ExpectedRevision.exact(0),
      },
    );
    expect(fresh.nextExpectedRevision).toBe(1);
  });

  it("reports the decider's refusal before a stale expected revision, so a refusal cannot be told apart by revision", async () => {
    await handleCommand(store, 'cart-1', cartDecider, { type: 'AddItem', sku: 'a', quantity: 1 });
    await handleCommand(store, 'cart-1', cartDecider, { type: 'CheckOut', at: 't' });
    for (const expected of [
      ExpectedRevision.exact(0),
      ExpectedRevision.exact(1),
      ExpectedRevision.exact(9),
      ExpectedRevision.noStream,
    ]) {
      await expect(
        handleCommand(store, 'cart-1', cartDecider, { type: 'AddItem', sku: 'b', quantity: 1 }, { expected }),
      ).rejects.toBeInstanceOf(CartClosedError);
    }
    expect(await store.readStream('cart-1')).toHaveLength(2);
  });

  it('surfaces a concurrent write as a conflict unless asked to retry', async () => {
    const racing = (retryOnConflict?: number) =>
      Promise.allSettled(
        Array.from({ length: 5 }, (_, i) =>
          handleCommand(
            store,
            'cart-1',
            cartDecider,
            { type: 'AddItem', sku: `sku${i}`, quantity: 1 },
            { retryOnConflict },
          ),
        ),
      );
    await store.appendToStream('cart-1', [itemAdded('seed')], ExpectedRevision.noStream);
    const noRetry = await racing();
    expect(noRetry.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const o of noRetry.filter((o): o is PromiseRejectedResult => o.status === 'rejected')) {
      expect(o.reason).toBeInstanceOf(WrongExpectedRevisionError);
    }
    const withRetry = await racing(4);
    expect(withRetry.every((o) => o.status === 'fulfilled')).toBe(true);
    expect(await store.readStream('cart-1')).toHaveLength(7);
  });

  it('gives up after the bounded number of retries', async () => {
    await store.appendToStream('cart-1', [itemAdded('seed')], ExpectedRevision.noStream);
    let reads = 0;
    const alwaysRacing: EventStore = Object.create(store, {
      readStream: {
        value: async (streamId: string) => {
          reads++;
          const events = await store.readStream(streamId);
          await store.appendToStream(streamId, [itemAdded('intruder')], ExpectedRevision.any);
          return events;
        },
      },
    });
    await expect(
      handleCommand(
        alwaysRacing,
        'cart-1',
        cartDecider,
        { type: 'AddItem', sku: 'x', quantity: 1 },
        { retryOnConflict: 2 },
      ),
    ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    expect(reads).toBe(3);
  });

  it('derives event ids with the caller function, so a repeated command is an idempotent re-append', async () => {
    const eventId = ({ streamId, index }: { streamId: string; index: number }) =>
      nameBasedUuid(`${streamId}/expire-2025-06/${index}`);
    const command = { type: 'AddItem', sku: 'a', quantity: 1 } as const;
    const first = await handleCommand(store, 'cart-1', cartDecider, command, { eventId });
    expect(first.newEvents[0].eventId).toBe(nameBasedUuid('cart-1/expire-2025-06/0'));
    // The same command delivered again after a crash, against the stream as it was before.
    const replay = await store.appendToStream('cart-1', first.newEvents, ExpectedRevision.noStream);
    expect(replay.nextExpectedRevision).toBe(0);
    expect(await store.readStream('cart-1')).toHaveLength(1);
  });

  it('builds the command from the state it read, once per attempt', async () => {
    await handleCommand(store, 'cart-1', cartDecider, { type: 'AddItem', sku: 'apple', quantity: 2 });
    const seen: unknown[] = [];
    const result = await handleCommand(store, 'cart-1', cartDecider, {
      fromState: (state) => {
        seen.push(state);
        return { type: 'AddItem' as const, sku: 'apple', quantity: state.status === 'open' ? state.items.apple : 1 };
      },
    });
    expect(seen).toEqual([{ status: 'open', items: { apple: 2 } }]);
    expect(result.newState).toEqual({ status: 'open', items: { apple: 4 } });
  });

  it('reserves after deciding, keeps the reservation once appended, undoes it when the append fails', async () => {
    const log: string[] = [];
    const reserve = async (events: { type: string }[]) => {
      log.push(`reserve ${events.map((e) => e.type).join()}`);
      return { undo: async () => void log.push('undo'), kept: async () => void log.push('kept') };
    };
    await handleCommand(store, 'cart-1', cartDecider, { type: 'AddItem', sku: 'a', quantity: 1 }, { reserve });
    expect(log).toEqual(['reserve ItemAdded', 'kept']);
    log.length = 0;
    const racing: EventStore = Object.create(store, {
      readStream: {
        value: async (streamId: string) => {
          const events = await store.readStream(streamId);
          await store.appendToStream(streamId, [itemAdded('intruder')], ExpectedRevision.any);
          return events;
        },
      },
    });
    await expect(
      handleCommand(racing, 'cart-1', cartDecider, { type: 'AddItem', sku: 'b', quantity: 1 }, { reserve }),
    ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    expect(log).toEqual(['reserve ItemAdded', 'undo']);
    log.length = 0;
    await expect(
      handleCommand(store, 'cart-1', cartDecider, { type: 'RemoveItem', sku: 'none' }, { reserve }),
    ).rejects.toBeInstanceOf(ItemNotInCartError);
    expect(log).toEqual([]);
  });
});
