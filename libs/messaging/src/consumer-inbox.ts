import { Collection, Db } from 'mongodb';
import { onlyDuplicateKeys } from '@signstash/platform';

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

export type NewInboxEntry = Omit<InboxEntry, '_id' | 'processedAt'>;

/**
 * The events a consumer group has already handled, so a redelivered or republished event has
 * no second effect. Entries are written after their handlers succeeded: a crash between the
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

  /** One round trip for many handled events; entries already there stay as they are. */
  async recordAll(entries: NewInboxEntry[], processedAt = new Date()): Promise<void> {
    if (entries.length === 0) return;
    try {
      await this.entries.insertMany(
        entries.map((entry) => ({ _id: `${entry.group}:${entry.eventId}`, ...entry, processedAt })),
        { ordered: false },
      );
    } catch (error) {
      // Another member handled some of them concurrently (a rebalance in between): those entries are there, as wanted.
      if (!onlyDuplicateKeys(error)) throw error;
    }
  }

  /** Forgets entries older than `before`: FerretDB has no TTL index, so pruning is explicit. */
  async prune(group: string, before: Date): Promise<number> {
    return (await this.entries.deleteMany({ group, processedAt: { $lt: before } })).deletedCount;
  }
}
