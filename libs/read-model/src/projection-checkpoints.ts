import { Collection, Db, MongoServerError } from 'mongodb';
import type { GlobalPosition } from '@signstash/event-store';

export interface ProjectionCheckpoint {
  /** `<projection>@v<version>`: each version, live or being rebuilt, has its own. */
  _id: string;
  /** Global position of the last event whose writes are stored (int64). */
  position: bigint;
  /** When the store recorded that event. */
  lastEventAt: Date;
  updatedAt: Date;
}

const DUPLICATE_KEY = 11000;

/** Where each projection version has got to in the global log (`projection_checkpoints`). */
export class ProjectionCheckpoints {
  private readonly checkpoints: Collection<ProjectionCheckpoint>;

  constructor(db: Db, collectionName = 'projection_checkpoints') {
    this.checkpoints = db.collection<ProjectionCheckpoint>(collectionName);
  }

  async load(id: string): Promise<ProjectionCheckpoint | undefined> {
    const found = await this.checkpoints.findOne({ _id: id }, { useBigInt64: true });
    return found ? { ...found, position: BigInt(found.position) } : undefined;
  }

  /** Forward only: a stale writer never moves it back (its guarded upsert collides with the id instead). */
  async save(id: string, position: GlobalPosition, lastEventAt: Date, now = new Date()): Promise<void> {
    try {
      await this.checkpoints.updateOne(
        { _id: id, position: { $lt: position } },
        { $set: { position, lastEventAt, updatedAt: now } },
        { upsert: true },
      );
    } catch (error) {
      if (!(error instanceof MongoServerError && error.code === DUPLICATE_KEY)) throw error;
    }
  }

  async remove(id: string): Promise<void> {
    await this.checkpoints.deleteOne({ _id: id });
  }
}
