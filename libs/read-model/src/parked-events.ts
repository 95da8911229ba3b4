import { Collection, Db } from 'mongodb';
import type { RecordedEvent } from '@signstash/event-store';
import { checkpointId, ProjectionBuild } from './projection-build';

/** An event a live projection could not apply and stepped over; it stays here until someone acts on it. */
export interface ParkedEvent {
  /** `<checkpoint id>:<event id>`, so parking the same event twice keeps one record. */
  _id: string;
  projection: string;
  version: number;
  rebuild: number;
  eventId: string;
  /** Global position (int64). */
  position: bigint;
  streamId: string;
  revision: number;
  type: string;
  error: string;
  attempts: number;
  parkedAt: Date;
}

/** The `parked_events` collection, shared by every projection of the service. */
export class ParkedEvents {
  private readonly parked: Collection<ParkedEvent>;

  constructor(db: Db, collectionName = 'parked_events') {
    this.parked = db.collection<ParkedEvent>(collectionName);
  }

  async park(
    projection: { name: string } & ProjectionBuild,
    event: RecordedEvent,
    error: unknown,
    attempts: number,
    now = new Date(),
  ): Promise<void> {
    const record: ParkedEvent = {
      _id: `${checkpointId(projection)}:${event.eventId}`,
      projection: projection.name,
      version: projection.version,
      rebuild: projection.rebuild ?? 0,
      eventId: event.eventId,
      position: event.position,
      streamId: event.streamId,
      revision: event.revision,
      type: event.type,
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      attempts,
      parkedAt: now,
    };
    await this.parked.replaceOne({ _id: record._id }, record, { upsert: true });
  }

  async list(projection?: string): Promise<ParkedEvent[]> {
    return this.parked
      .find(projection ? { projection } : {}, { useBigInt64: true })
      .sort({ position: 1 })
      .toArray();
  }
}
