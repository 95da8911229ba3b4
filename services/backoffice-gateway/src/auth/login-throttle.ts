import { Inject, Injectable } from '@nestjs/common';
import { Collection, Db } from 'mongodb';
import { MONGO_DB } from '@signstash/platform';

interface AttemptsDocument {
  _id: string;
  failures: number;
  windowStartedAt: Date;
}

export const MAX_FAILURES = 5;
/** Higher per address than per e-mail: many operators may share an office's address. */
export const MAX_FAILURES_PER_ADDRESS = 30;
export const WINDOW_MS = 15 * 60 * 1000;

/**
 * Limits failed logins per e-mail and per client address: past the limit within a window, further
 * attempts are refused until the window ends. Kept in MongoDB so every gateway replica agrees.
 */
@Injectable()
export class LoginThrottle {
  private readonly attempts: Collection<AttemptsDocument>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.attempts = db.collection<AttemptsDocument>('login_attempts');
  }

  private keys(email: string, address: string) {
    return [`email:${email.trim().toLowerCase()}`, `address:${address}`];
  }

  /** Milliseconds until another attempt is allowed, or 0 when it is allowed now. */
  async retryAfterMs(email: string, address: string, now = new Date()): Promise<number> {
    const documents = await this.attempts.find({ _id: { $in: this.keys(email, address) } }).toArray();
    const limit = (key: string) => (key.startsWith('address:') ? MAX_FAILURES_PER_ADDRESS : MAX_FAILURES);
    const blocked = documents.filter(
      (d) => d.failures >= limit(d._id) && now.getTime() - d.windowStartedAt.getTime() < WINDOW_MS,
    );
    return blocked.length === 0
      ? 0
      : Math.max(...blocked.map((d) => d.windowStartedAt.getTime() + WINDOW_MS - now.getTime()));
  }

  async recordFailure(email: string, address: string, now = new Date()): Promise<void> {
    for (const key of this.keys(email, address)) {
      const current = await this.attempts.findOne({ _id: key });
      if (!current || now.getTime() - current.windowStartedAt.getTime() >= WINDOW_MS) {
        await this.attempts.updateOne({ _id: key }, { $set: { failures: 1, windowStartedAt: now } }, { upsert: true });
      } else {
        await this.attempts.updateOne({ _id: key }, { $inc: { failures: 1 } });
      }
    }
  }

  async recordSuccess(email: string): Promise<void> {
    await this.attempts.deleteOne({ _id: `email:${email.trim().toLowerCase()}` });
  }
}
