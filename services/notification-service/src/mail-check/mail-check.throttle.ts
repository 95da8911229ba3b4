import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Collection, Db } from 'mongodb';
import { isDuplicateKey, MONGO_DB } from '@signstash/platform';

/** The least time between two test mails of one operator. */
export const MAIL_CHECK_INTERVAL_MS = 30_000;

/** The n-th test mail an operator asked for: `_id` `<operator id>#<n>` is unique, so each n is taken once. */
interface TestMailClaim {
  _id: string;
  operatorId: string;
  seq: number;
  at: Date;
}

export type ThrottleAnswer = { allowed: true } | { allowed: false; retryAfterMs: number };

/**
 * Allows an operator one test mail per MAIL_CHECK_INTERVAL_MS, across replicas. Allowing one is
 * inserting the claim that follows the operator's last one, if that is old enough: two requests at
 * once read the same last claim and insert the same next one, and the unique `_id` lets only one win.
 * (A guarded update would not do: FerretDB evaluates it as a read then a write, see NotificationOutbox.claim.)
 */
@Injectable()
export class MailCheckThrottle implements OnModuleInit {
  private readonly claims: Collection<TestMailClaim>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.claims = db.collection<TestMailClaim>('test_mail_claims');
  }

  async onModuleInit() {
    await this.claims.createIndex({ operatorId: 1, seq: -1 });
  }

  async claim(operatorId: string, now = new Date()): Promise<ThrottleAnswer> {
    const last = await this.claims.find({ operatorId }).sort({ seq: -1 }).limit(1).next();
    const wait = last ? last.at.getTime() + MAIL_CHECK_INTERVAL_MS - now.getTime() : 0;
    if (wait > 0) return { allowed: false, retryAfterMs: wait };
    const seq = (last?.seq ?? 0) + 1;
    try {
      await this.claims.insertOne({ _id: `${operatorId}#${seq}`, operatorId, seq, at: now });
    } catch (error) {
      if (isDuplicateKey(error)) return { allowed: false, retryAfterMs: MAIL_CHECK_INTERVAL_MS };
      throw error;
    }
    // Only the newest claim is ever read; the older ones go (the newest stays, so the next reader finds it).
    if (last) await this.claims.deleteMany({ operatorId, seq: { $lt: seq } });
    return { allowed: true };
  }
}
