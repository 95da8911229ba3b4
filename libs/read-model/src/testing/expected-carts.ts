import type { RecordedEvent } from '@signstash/event-store';
import type { CartRecorded, CartSummary } from './cart-summary.fixture';

/** What the cart summaries must be, folded in memory from the log: the oracle the int specs compare with. */
export function expectedCartSummaries(events: RecordedEvent[]): CartSummary[] {
  const carts = new Map<string, CartSummary>();
  for (const event of events as CartRecorded[]) {
    const id = event.streamId.slice(event.streamId.indexOf('-') + 1);
    const cart = carts.get(id) ?? { _id: id, revision: -1, status: 'open', items: {}, quantity: 0, applied: 0 };
    switch (event.type) {
      case 'ItemAdded':
        cart.items[event.data.sku] = (cart.items[event.data.sku] ?? 0) + event.data.quantity;
        cart.quantity += event.data.quantity;
        cart.status = 'open';
        break;
      case 'ItemRemoved':
        delete cart.items[event.data.sku];
        break;
      case 'CartCheckedOut':
        cart.status = 'checked-out';
        cart.checkedOutAt = event.data.at;
        break;
    }
    cart.revision = event.revision;
    cart.applied++;
    carts.set(id, cart);
  }
  return [...carts.values()].sort(byId);
}

export const byId = (a: { _id: string }, b: { _id: string }) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0);

/** Documents as read back, in `_id` order, with key order not mattering to `toEqual`. */
export async function documentsOf<T extends { _id: string }>(cursor: { toArray(): Promise<T[]> }): Promise<T[]> {
  return (await cursor.toArray()).sort(byId);
}
