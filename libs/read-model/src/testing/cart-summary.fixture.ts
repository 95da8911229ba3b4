import type { AnyBulkWriteOperation } from 'mongodb';
import { RecordedEvent } from '@signstash/event-store';
import { cartTestDomain } from '@signstash/event-store/testing';
import { defineProjection, Projection, updateIfNewer } from '../projection';

// The read-model specs' one projection, over the event store's shared cart test domain.

export type CartRecorded = cartTestDomain.CartEvent & RecordedEvent;

export interface CartSummary {
  _id: string;
  revision: number;
  status: 'open' | 'checked-out';
  items: Record<string, number>;
  quantity: number;
  /** Events applied to this document: more than the stream holds would be a duplicate application. */
  applied: number;
  checkedOutAt?: string;
}

/** Test hooks: a SKU whose event the projection cannot compute, and one whose write the database rejects. */
export const POISON_SKU = 'poison';
export const UNWRITABLE_SKU = 'unwritable';

const cartId = (event: RecordedEvent) => event.streamId.slice(event.streamId.indexOf('-') + 1);

export function cartSummaryProjection(
  category: string,
  overrides: Partial<Pick<Projection, 'name' | 'version' | 'collection'>> = {},
): Projection<CartRecorded, CartSummary> {
  return defineProjection<CartRecorded, CartSummary>({
    name: 'cart-summary',
    version: 1,
    collection: 'cart_summary',
    filter: { streamCategories: [category] },
    indexes: [{ key: { status: 1 } }],
    ...overrides,
    apply(event): AnyBulkWriteOperation<CartSummary>[] {
      const id = cartId(event);
      switch (event.type) {
        case 'ItemAdded': {
          const { sku, quantity } = event.data;
          if (sku === POISON_SKU) throw new Error(`cannot project SKU ${sku}`);
          // A guarded upsert: on a replay the guard fails, the insert collides, and the runner skips it.
          return [
            {
              updateOne: {
                filter: { _id: id, revision: { $lt: event.revision } },
                update: {
                  $set: { revision: event.revision, status: 'open', ...(sku === UNWRITABLE_SKU ? { $bad: 1 } : {}) },
                  $inc: { [`items.${sku}`]: quantity, quantity, applied: 1 },
                } as never,
                upsert: true,
              },
            },
          ];
        }
        case 'ItemRemoved':
          return [updateIfNewer(id, event, { $unset: { [`items.${event.data.sku}`]: '' }, $inc: { applied: 1 } })];
        case 'CartCheckedOut':
          return [
            updateIfNewer(id, event, {
              $set: { status: 'checked-out', checkedOutAt: event.data.at },
              $inc: { applied: 1 },
            }),
          ];
      }
    },
  });
}
