import type { Db } from 'mongodb';
import type { GlobalPosition } from '@signstash/event-store';
import { ForwardOnlyPositions } from '@signstash/platform';

/** Where each relay has got to in the event store's global log (`relay_checkpoints`): the last position the broker acknowledged. */
export class RelayCheckpoints {
  private readonly positions: ForwardOnlyPositions;

  constructor(db: Db, collectionName = 'relay_checkpoints') {
    this.positions = new ForwardOnlyPositions(db, collectionName);
  }

  async load(relay: string): Promise<GlobalPosition | undefined> {
    return (await this.positions.load(relay))?.position;
  }

  /** Forward only: a stale second instance or a slow write never moves it back. */
  save(relay: string, position: GlobalPosition, now = new Date()): Promise<void> {
    return this.positions.save(relay, position, {}, now);
  }
}
