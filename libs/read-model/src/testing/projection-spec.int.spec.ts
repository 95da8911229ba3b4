import type { Db, MongoClient } from 'mongodb';
import { connectMongo } from '@signstash/platform';
import { testEnv, uniqueName } from '@signstash/testing';
import { createOnce, defineProjection } from '../projection';
import { projectionSpec } from './projection-spec';
import { CartRecorded, cartSummaryProjection } from './cart-summary.fixture';

describe('projectionSpec (real FerretDB)', () => {
  let mongo: { client: MongoClient; db: Db };
  beforeAll(async () => {
    mongo = await connectMongo({ url: testEnv().mongoUrl, database: uniqueName('projection_spec') });
  });
  afterAll(async () => {
    await mongo.db.dropDatabase();
    await mongo.client.close();
  });

  it('applies the events twice and compares the documents with the expected ones', async () => {
    await projectionSpec(cartSummaryProjection('cart'), mongo.db)
      .given(
        { streamId: 'cart-1', type: 'ItemAdded', data: { sku: 'apple', quantity: 2 } },
        { streamId: 'cart-2', type: 'ItemAdded', data: { sku: 'pear', quantity: 1 } },
        { streamId: 'cart-1', type: 'ItemAdded', data: { sku: 'plum', quantity: 3 } },
        { streamId: 'cart-1', type: 'ItemRemoved', data: { sku: 'apple' } },
        { streamId: 'cart-1', type: 'CartCheckedOut', data: { at: '2025-02-01T10:00:00.000Z' } },
      )
      .then([
        {
          _id: '1',
          revision: 3,
          status: 'checked-out',
          items: { plum: 3 },
          quantity: 5,
          applied: 4,
          checkedOutAt: '2025-02-01T10:00:00.000Z',
        },
        { _id: '2', revision: 0, status: 'open', items: { pear: 1 }, quantity: 1, applied: 1 },
      ]);
  });

  it('fails a projection whose operations are not idempotent', async () => {
    const counting = defineProjection<CartRecorded, { _id: string; count: number }>({
      name: 'counting',
      version: 1,
      collection: 'counting',
      filter: {},
      apply: (event) => [
        { updateOne: { filter: { _id: event.streamId }, update: { $inc: { count: 1 } }, upsert: true } },
      ],
    });
    await expect(
      projectionSpec(counting, mongo.db)
        .given({ streamId: 'cart-1', type: 'ItemAdded', data: { sku: 'a', quantity: 1 } })
        .then([{ _id: 'cart-1', count: 1 }]),
    ).rejects.toThrow(/toEqual/);
  });

  it('fails when the documents differ from the expected ones', async () => {
    const history = defineProjection<CartRecorded, { _id: string; type: string }>({
      name: 'history',
      version: 1,
      collection: 'history',
      filter: {},
      apply: (event) => [createOnce({ _id: event.eventId, type: event.type })],
    });
    await expect(
      projectionSpec(history, mongo.db)
        .given({ streamId: 'cart-1', type: 'ItemAdded', data: { sku: 'a', quantity: 1 }, eventId: 'e1' })
        .then([{ _id: 'e1', type: 'ItemRemoved' }]),
    ).rejects.toThrow(/toEqual/);
  });
});
