import BetterSqlite3 from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExpectedRevision, RecordedEvent, WrongExpectedRevisionError } from '../event-store.port';
import { itemAdded, uniqueCategory } from '../testing/cart.fixture';
import { eventStoreContract } from '../testing/event-store.contract';
import { SqliteEventStore } from './sqlite-event-store.adapter';

const dir = mkdtempSync(join(tmpdir(), 'sqlite-event-store-'));
let files = 0;
const newFile = () => join(dir, `events-${files++}.sqlite`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

eventStoreContract('SqliteEventStore', () => new SqliteEventStore({ fileName: newFile() }));

describe('SqliteEventStore specifics', () => {
  const stores: SqliteEventStore[] = [];
  const open = (fileName: string, pollIntervalMs?: number) => {
    const store = new SqliteEventStore({ fileName, pollIntervalMs });
    stores.push(store);
    return store;
  };
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
  });

  it('commits appends of the same tick as one group; a failing one fails alone', async () => {
    const store = open(newFile());
    const category = uniqueCategory();
    await store.appendToStream(`${category}-0`, [itemAdded('seed')], ExpectedRevision.noStream);
    const outcomes = await Promise.allSettled([
      store.appendToStream(`${category}-1`, [itemAdded('a')], ExpectedRevision.noStream),
      store.appendToStream(`${category}-0`, [itemAdded('stale')], ExpectedRevision.noStream),
      store.appendToStream(`${category}-2`, [itemAdded('b'), itemAdded('c')], ExpectedRevision.noStream),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
    const written = await store.readAll({ filter: { streamCategories: [category] } });
    expect(written.map((e) => e.streamId)).toEqual([
      `${category}-0`,
      `${category}-1`,
      `${category}-2`,
      `${category}-2`,
    ]);
    // One transaction, one recorded-at instant.
    expect(new Set(written.slice(1).map((e) => e.recordedAt.getTime())).size).toBe(1);
  });

  it('keeps the file in WAL mode', async () => {
    const fileName = newFile();
    open(fileName);
    const probe = new BetterSqlite3(fileName, { readonly: true });
    expect(probe.pragma('journal_mode', { simple: true })).toBe('wal');
    probe.close();
  });

  it('sees appends made through another connection to the same file within the poll interval', async () => {
    const fileName = newFile();
    const reader = open(fileName, 50);
    const writer = open(fileName);
    const delivered: RecordedEvent[] = [];
    let caughtUp = false;
    reader.subscribeToAll({ onEvent: async (e) => void delivered.push(e), onCaughtUp: () => (caughtUp = true) });
    while (!caughtUp) await new Promise((resolve) => setTimeout(resolve, 5));
    await writer.appendToStream('cart-1', [itemAdded('a')], ExpectedRevision.noStream);
    const deadline = Date.now() + 2000;
    while (delivered.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(delivered.map((e) => e.streamId)).toEqual(['cart-1']);
  });

  it('rejects an event id already recorded in another stream', async () => {
    const store = open(newFile());
    const event = itemAdded('a');
    await store.appendToStream('cart-1', [event], ExpectedRevision.noStream);
    await expect(store.appendToStream('cart-2', [event], ExpectedRevision.noStream)).rejects.toThrow(
      /already recorded in stream cart-1/,
    );
  });
});
