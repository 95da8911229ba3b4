import type { Db } from 'mongodb';
import type { GlobalPosition } from '@signstash/event-store';
import { ForwardOnlyPositions } from '@signstash/platform';

export interface ProjectionCheckpoint {
  /** `<projection>@v<version>[_r<rebuild>]`: each build, live or being rebuilt, has its own. */
  _id: string;
  /** Global position of the last event whose writes are stored (int64). */
  position: bigint;
  /** When the store recorded that event. */
  lastEventAt: Date;
  updatedAt: Date;
}

/** Where each projection build has got to in the global log (`projection_checkpoints`). */
export class ProjectionCheckpoints {
  private readonly positions: ForwardOnlyPositions<{ lastEventAt: Date }>;

  constructor(db: Db, collectionName = 'projection_checkpoints') {
    this.positions = new ForwardOnlyPositions(db, collectionName);
  }

  load(id: string): Promise<ProjectionCheckpoint | undefined> {
    return this.positions.load(id);
  }

  /** Forward only: a stale writer never moves it back. */
  save(id: string, position: GlobalPosition, lastEventAt: Date, now = new Date()): Promise<void> {
    return this.positions.save(id, position, { lastEventAt }, now);
  }

  remove(id: string): Promise<void> {
    return this.positions.remove(id);
  }
}
