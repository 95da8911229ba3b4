import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db, MongoClient } from 'mongodb';
import { ExpectedRevision, NewEvent, SqliteEventStore } from '@signstash/event-store';
import { cartTestDomain } from '@signstash/event-store/testing';
import { connectMongo } from '@signstash/platform';
import { testEnv, uniqueName } from '@signstash/testing';

// Shared by the read-model int specs: a real SQLite event store in a temp folder and a database of
// their own on the test FerretDB, both removed afterwards.

export interface Engines {
  store: SqliteEventStore;
  db: Db;
  client: MongoClient;
  category: string;
  storeFile: string;
  close(): Promise<void>;
}

export async function openEngines(prefix: string): Promise<Engines> {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  const storeFile = join(dir, 'events.sqlite');
  const store = new SqliteEventStore({ fileName: storeFile, pollIntervalMs: 100 });
  const { client, db } = await connectMongo({
    url: testEnv().mongoUrl,
    database: uniqueName(prefix.replace(/-/g, '_')),
  });
  return {
    store,
    db,
    client,
    category: cartTestDomain.uniqueCategory(),
    storeFile,
    async close() {
      await store.close();
      await db.dropDatabase();
      await client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `carts` carts with `itemsPerCart` items each, every other one checked out, appended round-robin. */
export async function seedCarts(
  store: SqliteEventStore,
  category: string,
  carts: number,
  itemsPerCart: number,
): Promise<void> {
  const revisions = new Map<string, number>();
  const append = async (cart: number, event: NewEvent) => {
    const streamId = `${category}-cart${cart}`;
    const revision = revisions.get(streamId);
    await store.appendToStream(streamId, [event], ExpectedRevision.after(revision));
    revisions.set(streamId, (revision ?? -1) + 1);
  };
  for (let item = 0; item < itemsPerCart; item++) {
    await Promise.all(
      Array.from({ length: carts }, (_, cart) => append(cart, cartTestDomain.itemAdded(`sku${item}`, item + 1))),
    );
  }
  await Promise.all(
    Array.from({ length: carts }, (_, cart) =>
      cart % 2 === 0 ? append(cart, cartTestDomain.itemRemoved('sku0')) : append(cart, cartTestDomain.cartCheckedOut()),
    ),
  );
}

export const newEventId = () => randomUUID();
