import { Collection, Db, MongoServerError } from 'mongodb';

export interface InboxEntry {
  /** `<consumer group>:<event id>` */
  _id: string;
  group: string;
  eventId: string;
  type: string;
  topic: string;
  partition: number;
  offset: string;
  processedAt: Date;
}

const DUPLICATE_KEY = 11000;

/**
 * The events a consumer group has already handled, so a redelivered or republished event has
 * no second effect. The entry is written after the handler succeeded: a crash between the
 * handler's effect and this write redelivers the event, so handlers must be idempotent too
 * (revision-guarded updates, deterministic ids). The inbox turns the common duplicates
 * (Kafka redelivery after a rebalance, relay republishing after a crash) into cheap skips.
 */
export class ConsumerInbox {
  private readonly entries: Collection<InboxEntry>;

  constructor(db: Db, collectionName = 'consumer_inbox') {
    this.entries = db.collection<InboxEntry>(collectionName);
  }

  async has(group: string, eventId: string): Promise<boolean> {
    return (await this.entries.countDocuments({ _id: `${group}:${eventId}` }, { limit: 1 })) > 0;
  }

  async record(entry: Omit<InboxEntry, '_id' | 'processedAt'>, processedAt = new Date()): Promise<void> {
    try {
      await this.entries.insertOne({ _id: `${entry.group}:${entry.eventId}`, ...entry, processedAt });
    } catch (error) {
      // Another member handled it concurrently (a rebalance in between): the entry is there, as wanted.
      if (!(error instanceof MongoServerError && error.code === DUPLICATE_KEY)) throw error;
    }
  }

  /** Forgets entries older than `before`: FerretDB has no TTL index, so pruning is explicit. */
  async prune(group: string, before: Date): Promise<number> {
    return (await this.entries.deleteMany({ group, processedAt: { $lt: before } })).deletedCount;
  }
}
