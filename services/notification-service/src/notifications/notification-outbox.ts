import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Collection, Db } from 'mongodb';
import { Coalescer, duplicatePositions, isDuplicateKey, MONGO_DB } from '@signstash/platform';
import {
  NOTIFICATION_CLAIMS_COLLECTION,
  NOTIFICATIONS_COLLECTION,
  NotificationClaimDocument,
  NotificationDocument,
  NotificationStatus,
} from './notification.document';

export type NewNotification = Omit<
  NotificationDocument,
  'status' | 'attempts' | 'generation' | 'createdAt' | 'nextAttemptAt' | 'retryFrom'
>;

type SentMark = Pick<NotificationDocument, '_id' | 'generation'> & { sentAt: Date };

const RECORDED_AT_ONCE = 100;

/** How long a sender holds a mail it took; past that, another sender may take it over. */
export const LEASE_MS = 60_000;

/** The mails to send, recorded before sending; the one place their states change. */
@Injectable()
export class NotificationOutbox implements OnModuleInit {
  readonly collection: Collection<NotificationDocument>;
  readonly claims: Collection<NotificationClaimDocument>;
  /**
   * Mails recorded by concurrent handlers go in one insert: one transaction instead of one each. At
   * most RECORDED_AT_ONCE, so the sender has the first mails of a burst of a thousand while the rest
   * are still being written.
   */
  private readonly inserts = new Coalescer<NotificationDocument, boolean>(
    (documents) => this.insertAll(documents),
    RECORDED_AT_ONCE,
  );
  /** Mails sent meanwhile by the sender's other workers are marked in one write, as the SMTP server's pace asks. */
  private readonly sentMarks = new Coalescer<SentMark, void>((marks) => this.markAllSent(marks));

  constructor(@Inject(MONGO_DB) db: Db) {
    this.collection = db.collection<NotificationDocument>(NOTIFICATIONS_COLLECTION);
    this.claims = db.collection<NotificationClaimDocument>(NOTIFICATION_CLAIMS_COLLECTION);
  }

  async onModuleInit() {
    await this.collection.createIndex({ status: 1, nextAttemptAt: 1 });
    await this.collection.createIndex({ issuerId: 1, certificateId: 1, createdAt: -1 });
    await this.claims.createIndex({ mailId: 1 });
  }

  /**
   * Records a mail once per (event, recipient); a second record of the same pair is a no-op
   * (undefined). With `leaseUntil` it is recorded already taken, as if claimed, by the sender it
   * is handed to (see MailSender.handOff): no claim to write, no query to find it.
   */
  async record(
    notification: NewNotification,
    { now = new Date(), leaseUntil }: { now?: Date; leaseUntil?: Date } = {},
  ): Promise<NotificationDocument | undefined> {
    // A mail handed over is taken by its insert: no claim (generation 0, as if never claimed).
    const document: NotificationDocument = leaseUntil
      ? {
          ...notification,
          status: 'sending',
          attempts: 1,
          generation: 0,
          leaseUntil,
          createdAt: now,
          retryFrom: now,
          nextAttemptAt: now,
        }
      : {
          ...notification,
          status: 'pending',
          attempts: 0,
          generation: 0,
          createdAt: now,
          retryFrom: now,
          nextAttemptAt: now,
        };
    return (await this.inserts.add(document)) ? document : undefined;
  }

  /** Whether each document was inserted; false for one already there (the same mail recorded before). */
  private async insertAll(documents: NotificationDocument[]): Promise<boolean[]> {
    try {
      await this.collection.insertMany(documents, { ordered: false });
      return documents.map(() => true);
    } catch (error) {
      const duplicates = duplicatePositions(error);
      if (!duplicates) throw error;
      return documents.map((_, index) => !duplicates.has(index));
    }
  }

  /**
   * Mails due now, oldest first: pending and due, or `sending` with an expired lease (its sender
   * died). Candidates only: a sender takes each with `claim` right before sending it. One query
   * for many mails, as on FerretDB it reads the whole collection.
   */
  async due(limit: number, now = new Date()): Promise<NotificationDocument[]> {
    return this.collection
      .find({
        $or: [
          { status: 'pending', nextAttemptAt: { $lte: now } },
          { status: 'sending', leaseUntil: { $lt: now } },
        ],
      })
      .sort({ nextAttemptAt: 1 })
      .limit(limit)
      .toArray();
  }

  /**
   * Takes a candidate unless another sender took it since it was read. Taking generation g+1 is
   * inserting its claim document: the unique `_id` lets exactly one sender win, on MongoDB and on
   * FerretDB alike (FerretDB evaluates a guarded update as a read then a write, so a guarded update
   * alone let two senders both take one mail in 88 of 100 forced races). The winner then moves the
   * mail to that generation; the guard on the generation only stops a sender whose candidate is
   * older than a pruned claim.
   */
  async claim(candidate: NotificationDocument, now = new Date()): Promise<NotificationDocument | undefined> {
    const generation = candidate.generation + 1;
    try {
      await this.claims.insertOne({ _id: `${candidate._id}#${generation}`, mailId: candidate._id, claimedAt: now });
    } catch (error) {
      if (isDuplicateKey(error)) return undefined;
      throw error;
    }
    const leaseUntil = new Date(now.getTime() + LEASE_MS);
    const claimed = await this.collection.updateOne(
      { _id: candidate._id, generation: candidate.generation },
      { $set: { status: 'sending', leaseUntil, generation }, $inc: { attempts: 1 } },
    );
    if (claimed.modifiedCount === 1)
      return { ...candidate, status: 'sending', attempts: candidate.attempts + 1, generation, leaseUntil };
    await this.claims.deleteOne({ _id: `${candidate._id}#${generation}` });
    return undefined;
  }

  /** Extends the lease of a mail this sender holds; undefined when it lapsed and another sender took the mail. */
  async renewLease(mail: NotificationDocument, now = new Date()): Promise<NotificationDocument | undefined> {
    const leaseUntil = new Date(now.getTime() + LEASE_MS);
    const renewed = await this.collection.updateOne(
      { _id: mail._id, status: 'sending', attempts: mail.attempts, leaseUntil: mail.leaseUntil },
      { $set: { leaseUntil } },
    );
    return renewed.modifiedCount === 1 ? { ...mail, leaseUntil } : undefined;
  }

  /** Gives back a mail taken but not tried (a sender stopping), so any sender may take it at once. */
  async release(mail: NotificationDocument, now = new Date()) {
    await this.collection.updateOne(
      { _id: mail._id, status: 'sending', attempts: mail.attempts, leaseUntil: mail.leaseUntil },
      { $set: { status: 'pending', attempts: mail.attempts - 1, nextAttemptAt: now }, $unset: { leaseUntil: '' } },
    );
  }

  /** Resolves once the mark is written (with the marks of mails sent meanwhile: one write for them all). */
  markSent(mail: Pick<NotificationDocument, '_id' | 'generation'>, now = new Date()): Promise<void> {
    return this.sentMarks.add({ _id: mail._id, generation: mail.generation, sentAt: now });
  }

  private async markAllSent(marks: SentMark[]): Promise<void[]> {
    await this.collection.bulkWrite(
      marks.map(({ _id, sentAt }) => ({
        updateOne: {
          filter: { _id },
          update: { $set: { status: 'sent' as const, sentAt }, $unset: { leaseUntil: '', lastError: '' } },
        },
      })),
      { ordered: false },
    );
    const claimed = marks.filter((mark) => mark.generation > 0).map((mark) => mark._id);
    if (claimed.length > 0) await this.claims.deleteMany({ mailId: { $in: claimed } });
    return marks.map(() => undefined);
  }

  async markRetry(id: string, error: string, nextAttemptAt: Date) {
    await this.collection.updateOne(
      { _id: id },
      { $set: { status: 'pending', nextAttemptAt, lastError: error }, $unset: { leaseUntil: '' } },
    );
  }

  async markFailed(mail: Pick<NotificationDocument, '_id' | 'generation'>, error: string, now = new Date()) {
    await this.collection.updateOne(
      { _id: mail._id },
      { $set: { status: 'failed', failedAt: now, lastError: error }, $unset: { leaseUntil: '' } },
    );
    await this.pruneClaims(mail);
  }

  /**
   * The certificate's mails not sent yet about its events before `revision` (a renewal's): no longer
   * true, so never sent. A mail a sender holds right now may still go out (then it is `sent`).
   */
  async withdraw(certificateId: string, revision: number, reason: string, now = new Date()): Promise<number> {
    const result = await this.collection.updateMany(
      { certificateId, status: 'pending', eventRevision: { $lt: revision } },
      { $set: { status: 'withdrawn', withdrawnAt: now, lastError: reason }, $unset: { leaseUntil: '' } },
    );
    return result.modifiedCount;
  }

  /** One the sender found no longer true before sending it (and not tried before). */
  async markWithdrawn(mail: Pick<NotificationDocument, '_id' | 'generation'>, reason: string, now = new Date()) {
    await this.collection.updateOne(
      { _id: mail._id },
      { $set: { status: 'withdrawn', withdrawnAt: now, lastError: reason }, $unset: { leaseUntil: '' } },
    );
    await this.pruneClaims(mail);
  }

  /** A mail sent or failed is taken by nobody: its claims are no longer needed (its generation still grows). One never claimed has none. */
  private async pruneClaims(mail: Pick<NotificationDocument, '_id' | 'generation'>) {
    if (mail.generation > 0) await this.claims.deleteMany({ mailId: mail._id });
  }

  /**
   * Puts failed mails back in the queue (ops, after fixing SMTP), with a new retry horizon from now;
   * not those that stopped being true meanwhile (a warning past its expiry): they stay failed.
   */
  async retryFailed(now = new Date()): Promise<number> {
    const result = await this.collection.updateMany(
      { status: 'failed', $or: [{ trueUntil: { $exists: false } }, { trueUntil: { $gt: now } }] },
      { $set: { status: 'pending', attempts: 0, nextAttemptAt: now, retryFrom: now }, $unset: { failedAt: '' } },
    );
    return result.modifiedCount;
  }

  /** Mails not sent yet that were tried and refused at least once: how many, and since when the oldest waits. */
  async retrying(): Promise<{ count: number; oldestCreatedAt?: Date }> {
    const filter = { status: 'pending', lastError: { $exists: true } } as const;
    const [count, [oldest]] = await Promise.all([
      this.collection.countDocuments(filter),
      this.collection
        .find(filter, { projection: { createdAt: 1 } })
        .sort({ createdAt: 1 })
        .limit(1)
        .toArray(),
    ]);
    return { count, oldestCreatedAt: oldest?.createdAt };
  }

  async countByStatus(): Promise<Record<NotificationStatus, number>> {
    const counts = { pending: 0, sending: 0, sent: 0, failed: 0, withdrawn: 0 };
    for (const status of Object.keys(counts) as NotificationStatus[])
      counts[status] = await this.collection.countDocuments({ status });
    return counts;
  }
}
