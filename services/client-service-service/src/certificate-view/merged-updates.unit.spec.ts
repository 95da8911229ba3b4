import type { AnyBulkWriteOperation } from 'mongodb';
import { mergedUpdates } from './merged-updates';

type View = { _id: string; accessState: string; revision: number };

const expire = (id: string, revision: number): AnyBulkWriteOperation<View> => ({
  updateOne: {
    filter: { _id: id, revision: { $lt: revision } },
    update: { $set: { accessState: 'expired', revision } },
  },
});

describe('mergedUpdates', () => {
  it('merges the same guarded change of distinct views into one updateMany per distinct change', () => {
    expect(mergedUpdates([expire('a', 2), expire('b', 2), expire('c', 3), expire('d', 2)])).toEqual([
      {
        updateMany: {
          filter: { revision: { $lt: 2 }, _id: { $in: ['a', 'b', 'd'] } },
          update: { $set: { accessState: 'expired', revision: 2 } },
        },
      },
      expire('c', 3),
    ]);
  });

  it('leaves the operations as they are when a view comes twice (order matters) or one is not a plain update', () => {
    const twice = [expire('a', 2), expire('b', 2), expire('a', 3)];
    expect(mergedUpdates(twice)).toBe(twice);
    const withInsert = [
      expire('a', 2),
      { insertOne: { document: { _id: 'b', accessState: 'granted', revision: 0 } } },
      expire('c', 2),
    ];
    expect(mergedUpdates(withInsert)).toBe(withInsert);
    const upsert = [{ updateOne: { ...(expire('a', 2) as { updateOne: object }).updateOne, upsert: true } }];
    expect(mergedUpdates(upsert as AnyBulkWriteOperation<View>[])).toBe(upsert);
  });
});
