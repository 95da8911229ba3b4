import { randomUUID } from 'node:crypto';
import type { Decider } from '../decider';
import type { EventMetadata, NewEvent } from '../event-store.port';

/** The one small domain every event-store test uses: a shopping cart. */
export type CartEvent =
  | { type: 'ItemAdded'; data: { sku: string; quantity: number } }
  | { type: 'ItemRemoved'; data: { sku: string } }
  | { type: 'CartCheckedOut'; data: { at: string } };

export type CartCommand =
  | { type: 'AddItem'; sku: string; quantity: number }
  | { type: 'RemoveItem'; sku: string }
  | { type: 'CheckOut'; at: string };

export type CartState =
  { status: 'empty' } | { status: 'open'; items: Record<string, number> } | { status: 'checked-out' };

export class CartClosedError extends Error {
  override readonly name = 'CartClosedError';
}

export class ItemNotInCartError extends Error {
  override readonly name = 'ItemNotInCartError';
}

const itemsOf = (state: CartState): Record<string, number> => (state.status === 'open' ? state.items : {});

export const cartDecider: Decider<CartState, CartCommand, CartEvent> = {
  initialState: () => ({ status: 'empty' }),
  evolve(state, event) {
    switch (event.type) {
      case 'ItemAdded': {
        const items = itemsOf(state);
        return {
          status: 'open',
          items: { ...items, [event.data.sku]: (items[event.data.sku] ?? 0) + event.data.quantity },
        };
      }
      case 'ItemRemoved': {
        const { [event.data.sku]: _removed, ...items } = itemsOf(state);
        return { status: 'open', items };
      }
      case 'CartCheckedOut':
        return { status: 'checked-out' };
    }
  },
  decide(command, state) {
    if (state.status === 'checked-out') throw new CartClosedError('the cart is checked out');
    switch (command.type) {
      case 'AddItem':
        return [{ type: 'ItemAdded', data: { sku: command.sku, quantity: command.quantity } }];
      case 'RemoveItem':
        if (!(command.sku in itemsOf(state))) throw new ItemNotInCartError(`${command.sku} is not in the cart`);
        return [{ type: 'ItemRemoved', data: { sku: command.sku } }];
      case 'CheckOut':
        return state.status === 'open' ? [{ type: 'CartCheckedOut', data: { at: command.at } }] : [];
      default: {
        const unknown: never = command;
        throw new Error(`unknown command ${JSON.stringify(unknown)}`);
      }
    }
  },
};

/** A category no other test (or earlier run against a shared server) uses: letters and digits only. */
export const uniqueCategory = (prefix = 'cart'): string => `${prefix}${randomUUID().replace(/-/g, '').slice(0, 12)}`;

export const itemAdded = (sku: string, quantity = 1, metadata?: EventMetadata): NewEvent<'ItemAdded'> => ({
  eventId: randomUUID(),
  type: 'ItemAdded',
  data: { sku, quantity },
  ...(metadata ? { metadata } : {}),
});

export const itemRemoved = (sku: string): NewEvent<'ItemRemoved'> => ({
  eventId: randomUUID(),
  type: 'ItemRemoved',
  data: { sku },
});

export const cartCheckedOut = (at = '2025-01-01T00:00:00.000Z'): NewEvent<'CartCheckedOut'> => ({
  eventId: randomUUID(),
  type: 'CartCheckedOut',
  data: { at },
});
