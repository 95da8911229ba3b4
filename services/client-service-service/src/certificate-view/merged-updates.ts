import type { AnyBulkWriteOperation, Document } from 'mongodb';

/**
 * Operations that differ only in the document they select (`_id`), merged into one `updateMany` by
 * `_id`: a thousand accesses expiring at one instant mark their views in one statement instead of a
 * thousand updates, each its own FerretDB translation and PostgreSQL transaction. Only plain
 * `updateOne`s on distinct documents are merged; anything else (an insert, an upsert, a document
 * twice, where order matters) leaves the operations as they are.
 */
export function mergedUpdates<Doc extends Document>(
  operations: AnyBulkWriteOperation<Doc>[],
): AnyBulkWriteOperation<Doc>[] {
  const ids = new Set<string>();
  const groups = new Map<string, { filter: Document; update: Document; ids: string[] }>();
  for (const operation of operations) {
    if (!('updateOne' in operation) || operation.updateOne.upsert) return operations;
    const { _id: id, ...filter } = operation.updateOne.filter as Document;
    if (typeof id !== 'string' || ids.has(id) || Array.isArray(operation.updateOne.update)) return operations;
    ids.add(id);
    const update = operation.updateOne.update as Document;
    const key = JSON.stringify([filter, update]);
    const group = groups.get(key) ?? { filter, update, ids: [] };
    group.ids.push(id);
    groups.set(key, group);
  }
  return [...groups.values()].map(({ filter, update, ids: selected }) =>
    selected.length === 1
      ? ({ updateOne: { filter: { ...filter, _id: selected[0] }, update } } as AnyBulkWriteOperation<Doc>)
      : ({ updateMany: { filter: { ...filter, _id: { $in: selected } }, update } } as AnyBulkWriteOperation<Doc>),
  );
}
