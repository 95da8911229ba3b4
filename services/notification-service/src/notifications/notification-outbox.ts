import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Collection, Db, MongoServerError } from 'mongodb';
import { MONGO_DB } from '@signstash/platform';
import { NOTIFICATIONS_COLLECTION, NotificationDocument, NotificationStatus } from './notification.document';

export type NewNotification = Omit<NotificationDocument, 'status' | 'attempts' | 'createdAt' | 'nextAttemptAt'>;

const LEASE_MS = 60_000;

/** The mails to send, recorded before sending; the one place their states change. */
@Injectable()
export class NotificationOutbox implements OnModuleInit {
  readonly collection: Collection<NotificationDocument>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.collection = db.collection<NotificationDocument>(NOTIFICATIONS_COLLECTION);
  }

  async onModuleInit() {
    await this.collection.createIndex({ status: 1, nextAttemptAt: 1 });
    await this.collection.createIndex({ issuerId: 1, certificateId: 1, createdAt: -1 });
  }

  /** Records a mail once per (event, recipient); a second record of the same pair is a no-op. */
  async record(notification: NewNotification, now = new Date()): Promise<boolean> {
    try {
      await this.collection.insertOne({ ...notification, status: 'pending', attempts: 0, createdAt: now, nextAttemptAt: now });
      return true;
    } catch (error) {
      if (error instanceof MongoServerError && error.code === 11000) return false;
      throw error;
    }
  }

  /**
   * Takes the next mail due: pending and due, or `sending` with an expired lease (its sender died).
   * The conditional update makes two senders never hold the same mail.
   */
  async claimNext(now = new Date()): Promise<NotificationDocument | undefined> {
    const candidates = await this.collection
      .find({ $or: [{ status: 'pending', nextAttemptAt: { $lte: now } }, { status: 'sending', leaseUntil: { $lt: now } }] })
      .sort({ nextAttemptAt: 1 })
      .limit(5)
      .toArray();
    for (const candidate of candidates) {
      const claimed = await this.collection.updateOne(
        { _id: candidate._id, status: candidate.status, attempts: candidate.attempts },
        { $set: { status: 'sending', leaseUntil: new Date(now.getTime() + LEASE_MS) }, $inc: { attempts: 1 } },
      );
      if (claimed.modifiedCount === 1) return { ...candidate, status: 'sending', attempts: candidate.attempts + 1 };
    }
    return undefined;
  }

  async markSent(id: string, now = new Date()) {
    await this.collection.updateOne({ _id: id }, { $set: { status: 'sent', sentAt: now }, $unset: { leaseUntil: '', lastError: '' } });
  }

  async markRetry(id: string, error: string, nextAttemptAt: Date) {
    await this.collection.updateOne({ _id: id }, { $set: { status: 'pending', nextAttemptAt, lastError: error }, $unset: { leaseUntil: '' } });
  }

  async markFailed(id: string, error: string, now = new Date()) {
    await this.collection.updateOne({ _id: id }, { $set: { status: 'failed', failedAt: now, lastError: error }, $unset: { leaseUntil: '' } });
  }

  /** Puts failed mails back in the queue (ops, after fixing SMTP). */
  async retryFailed(now = new Date()): Promise<number> {
    const result = await this.collection.updateMany({ status: 'failed' }, { $set: { status: 'pending', attempts: 0, nextAttemptAt: now } });
    return result.modifiedCount;
  }

  async countByStatus(): Promise<Record<NotificationStatus, number>> {
    const counts = { pending: 0, sending: 0, sent: 0, failed: 0 };
    for (const status of Object.keys(counts) as NotificationStatus[]) counts[status] = await this.collection.countDocuments({ status });
    return counts;
  }
}
