import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { Collection, Db } from 'mongodb';
import type { OperatorRole } from '@signstash/contracts';
import { MONGO_DB } from '@signstash/platform';
import { endSessionsOf, SESSIONS_COLLECTION } from '../operators/operator.document';
import { SESSION_LIFETIMES, SessionLifetimes } from './auth.tokens';

export interface Session {
  operatorId: string;
  issuerId: string;
  role: OperatorRole;
  csrfToken: string;
  expiresAt: Date;
}

interface SessionDocument extends Session {
  /** SHA-256 of the cookie's token: a leaked database does not leak usable sessions. */
  _id: string;
  createdAt: Date;
  /** The absolute end: idle extensions never go past it. */
  endsAt: Date;
}

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Server-side sessions in MongoDB. FerretDB has no TTL indexes, so expiry is checked on every read
 * and expired sessions are swept when new ones are created.
 */
@Injectable()
export class SessionStore implements OnModuleInit {
  private readonly sessions: Collection<SessionDocument>;

  constructor(
    @Inject(MONGO_DB) private readonly db: Db,
    @Inject(SESSION_LIFETIMES) private readonly lifetimes: SessionLifetimes,
  ) {
    this.sessions = db.collection<SessionDocument>(SESSIONS_COLLECTION);
  }

  async onModuleInit() {
    await this.sessions.createIndex({ expiresAt: 1 });
  }

  /** Returns the cookie token; only its hash is stored. */
  async create(session: Omit<Session, 'csrfToken' | 'expiresAt'>): Promise<{ token: string; session: Session }> {
    const token = randomBytes(32).toString('base64url');
    const now = new Date();
    const document: SessionDocument = {
      _id: tokenHash(token),
      ...session,
      csrfToken: randomBytes(24).toString('base64url'),
      createdAt: now,
      endsAt: new Date(now.getTime() + this.lifetimes.absoluteMs),
      expiresAt: this.idleEnd(now, new Date(now.getTime() + this.lifetimes.absoluteMs)),
    };
    await this.sessions.deleteMany({ expiresAt: { $lt: now } });
    await this.sessions.insertOne(document);
    return { token, session: document };
  }

  /** The live session of a cookie token, extended on use up to its absolute end; undefined when unknown or expired. */
  async find(token: string | undefined): Promise<Session | undefined> {
    const live = await this.live(token);
    if (!live) return undefined;
    const { document, endsAt, now } = live;
    const expiresAt = this.idleEnd(now, endsAt);
    if (expiresAt.getTime() - document.expiresAt.getTime() > Math.min(60_000, this.lifetimes.idleMs / 10)) {
      await this.sessions.updateOne({ _id: document._id }, { $set: { expiresAt } });
    }
    return document;
  }

  /** Whether the session still holds, without extending it: an open event stream is no operator's activity. */
  async isLive(token: string | undefined): Promise<boolean> {
    return (await this.live(token)) !== undefined;
  }

  async delete(token: string | undefined): Promise<void> {
    if (token) await this.sessions.deleteOne({ _id: tokenHash(token) });
  }

  async deleteForOperator(operatorId: string): Promise<void> {
    await endSessionsOf(this.db, operatorId);
  }

  private async live(token: string | undefined) {
    if (!token) return undefined;
    const now = new Date();
    const document = await this.sessions.findOne({ _id: tokenHash(token), expiresAt: { $gt: now } });
    if (!document) return undefined;
    // The absolute end, from the login: a shorter SESSION_ABSOLUTE_HOURS applies to sessions already open too.
    const endsAt = new Date(
      Math.min(document.endsAt?.getTime() ?? Infinity, document.createdAt.getTime() + this.lifetimes.absoluteMs),
    );
    return endsAt <= now ? undefined : { document, endsAt, now };
  }

  private idleEnd(now: Date, endsAt: Date): Date {
    return new Date(Math.min(now.getTime() + this.lifetimes.idleMs, endsAt.getTime()));
  }
}
