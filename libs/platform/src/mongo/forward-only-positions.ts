import { Collection, Db, Document, Filter } from 'mongodb';
import { isDuplicateKey } from './duplicate-key';

/** One stored position: `position` is int64 in MongoDB and a bigint here. */
export type StoredPosition<Extra extends Document = Document> = Extra & {
  _id: string;
  position: bigint;
  updatedAt: Date;
};

/**
 * A position per name in a global log that only moves forward: the checkpoints of projections and
 * relays. `save` is a guarded upsert, so a stale second writer or a slow write never moves a position
 * back (its upsert collides with the existing id instead: the "already further" case, not an error).
 */
export class ForwardOnlyPositions<Extra extends Document = Document> {
  private readonly positions: Collection<StoredPosition<Extra>>;

  constructor(db: Db, collectionName: string) {
    this.positions = db.collection<StoredPosition<Extra>>(collectionName);
  }

  async load(id: string): Promise<StoredPosition<Extra> | undefined> {
    const found = await this.positions.findOne({ _id: id } as Filter<StoredPosition<Extra>>, { useBigInt64: true });
    return found ? ({ ...found, position: BigInt(found.position) } as StoredPosition<Extra>) : undefined;
  }

  async save(id: string, position: bigint, extra?: Extra, now = new Date()): Promise<void> {
    try {
      await this.positions.updateOne(
        { _id: id, position: { $lt: position } } as Filter<StoredPosition<Extra>>,
        { $set: { ...extra, position, updatedAt: now } as never },
        { upsert: true },
      );
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }

  async remove(id: string): Promise<void> {
    await this.positions.deleteOne({ _id: id } as Filter<StoredPosition<Extra>>);
  }
}
