import { deciderSpec } from './decider-spec';
import { CartClosedError, ItemNotInCartError, cartDecider } from './cart.fixture';

describe('deciderSpec', () => {
  const spec = deciderSpec(cartDecider);

  it('checks the events a command produces from the given history', () => {
    spec
      .given([{ type: 'ItemAdded', data: { sku: 'apple', quantity: 1 } }])
      .when({ type: 'RemoveItem', sku: 'apple' })
      .then([{ type: 'ItemRemoved', data: { sku: 'apple' } }]);
    spec.given([]).when({ type: 'CheckOut', at: 't' }).then([]);
  });

  it('checks a refusal by error class or predicate', () => {
    spec.given([]).when({ type: 'RemoveItem', sku: 'apple' }).thenThrows(ItemNotInCartError);
    spec
      .given([
        { type: 'ItemAdded', data: { sku: 'apple', quantity: 1 } },
        { type: 'CartCheckedOut', data: { at: 't' } },
      ])
      .when({ type: 'AddItem', sku: 'pear', quantity: 1 })
      .thenThrows((error) => error instanceof CartClosedError && /checked out/.test(error.message));
  });

  it('fails when the events differ or when nothing is thrown', () => {
    expect(() =>
      spec
        .given([])
        .when({ type: 'AddItem', sku: 'apple', quantity: 1 })
        .then([{ type: 'ItemAdded', data: { sku: 'apple', quantity: 2 } }]),
    ).toThrow();
    expect(() =>
      spec.given([]).when({ type: 'AddItem', sku: 'apple', quantity: 1 }).thenThrows(CartClosedError),
    ).toThrow(/expected decide to throw, but it produced \[\{"type":"ItemAdded"/);
    expect(() => spec.given([]).when({ type: 'RemoveItem', sku: 'x' }).thenThrows(CartClosedError)).toThrow();
    expect(() =>
      spec
        .given([])
        .when({ type: 'RemoveItem', sku: 'x' })
        .thenThrows(() => false),
    ).toThrow(/predicate rejects/);
  });
});
