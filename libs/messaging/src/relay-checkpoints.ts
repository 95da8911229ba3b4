import { Collection, Db, MongoServerError } from 'mongodb';
import type { GlobalPosition } from '@signstash/event-store';

interface CheckpointDocument {
  /** The relay's name. */
  _id: string;
  /** Global position of the last event the broker acknowledged (int64). */
  position: bigint;
  updatedAt: Date;
}

const DUPLICATE_KEY = 11000;

/** Where each relay has got to in the event store's global log (`relay_checkpoints`). */
export class RelayCheckpoints {
  private readonly checkpoints: Collection<CheckpointDocument>;

  constructor(db: Db, collectionName = 'relay_checkpoints') {
    this.checkpoints = db.collection<CheckpointDocument>(collectionName);
  }

  async load(relay: string): Promise<GlobalPosition | undefined> {
    const found = await this.checkpoints.findOne({ _id: relay }, { useBigInt64: true });
    return found ? BigInt(found.position) : undefined;
  }

  /**
   * Moves the checkpoint forward only: a stale second instance or a slow write never moves it
   * back (the guarded upsert then collides with the existing id, which is the "already further" case).
   */
  async save(relay: string, position: GlobalPosition, now = new Date()): Promise<void> {
    try {
      await this.checkpoints.updateOne(
        { _id: relay, position: { $lt: position } },
        { $set: { position, updatedAt: now } },
        { upsert: true },
      );
    } catch (error) {
      if (!(error instanceof MongoServerError && error.code === DUPLICATE_KEY)) throw error;
    }
  }
}
