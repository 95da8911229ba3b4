import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { invalid } from '@signstash/contracts';
import { handleCommand } from './command-handler';
import { eventStoreMetrics } from './event-store.metrics';
import { ExpectedRevision } from './event-store.port';
import { InstrumentedEventStore } from './instrumented-event-store';
import { SqliteEventStore } from './sqlite/sqlite-event-store.adapter';
import { cartDecider, CartCommand } from './testing/cart.fixture';

describe('InstrumentedEventStore (SQLite event store)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'instrumented-store-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('counts commands by outcome, appended events by category and type, and conflicts', async () => {
    const registry = new Registry();
    const store = new InstrumentedEventStore(
      new SqliteEventStore({ fileName: join(dir, 'events.sqlite') }),
      eventStoreMetrics(registry),
    );
    const add: CartCommand = { type: 'AddItem', sku: 'apple', quantity: 1 };
    await handleCommand(store, 'cart-1', cartDecider, add);
    await handleCommand(store, 'cart-1', cartDecider, add);
    await handleCommand(store, 'cart-1', cartDecider, { type: 'CheckOut', at: '2026-01-01T00:00:00Z' });
    const refusing = {
      ...cartDecider,
      decide: () => {
        throw invalid('sku', 'unknown SKU');
      },
    };
    await expect(handleCommand(store, 'cart-1', refusing, add)).rejects.toThrow('unknown SKU');
    await expect(
      handleCommand(store, 'cart-2', cartDecider, add, { expected: ExpectedRevision.exact(5) }),
    ).rejects.toThrow();
    await expect(
      store.appendToStream('cart-1', [{ eventId: 'x', type: 'ItemAdded', data: {} }], ExpectedRevision.noStream),
    ).rejects.toThrow();

    const text = await registry.metrics();
    expect(text).toContain('signstash_commands_total{command="AddItem",outcome="accepted"} 2');
    expect(text).toContain('signstash_commands_total{command="CheckOut",outcome="accepted"} 1');
    expect(text).toContain('signstash_commands_total{command="AddItem",outcome="rejected"} 1');
    expect(text).toContain('signstash_commands_total{command="AddItem",outcome="conflict"} 1');
    expect(text).toContain('signstash_events_appended_total{category="cart",type="ItemAdded"} 2');
    expect(text).toContain('signstash_events_appended_total{category="cart",type="CartCheckedOut"} 1');
    expect(text).toContain('signstash_append_conflicts_total{category="cart"} 1');
    expect(text).toMatch(/signstash_command_duration_seconds_count\{command="AddItem"\} 4/);
    await store.close();
  });
});
