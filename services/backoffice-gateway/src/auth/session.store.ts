import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { Collection, Db } from 'mongodb';
import type { OperatorRole } from '@signstash/contracts';
import { MONGO_DB } from '@signstash/platform';

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
}

const IDLE_LIFETIME_MS = 8 * 60 * 60 * 1000;
const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Server-side sessions in MongoDB. FerretDB has no TTL indexes, so expiry is checked on every read
 * and expired sessions are swept when new ones are created.
 */
@Injectable()
export class SessionStore implements OnModuleInit {
  private readonly sessions: Collection<SessionDocument>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.sessions = db.collection<SessionDocument>('sessions');
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
      expiresAt: new Date(now.getTime() + IDLE_LIFETIME_MS),
    };
    await this.sessions.deleteMany({ expiresAt: { $lt: now } });
    await this.sessions.insertOne(document);
    return { token, session: document };
  }

  /** The live session of a cookie token, extended on use; undefined when unknown or expired. */
  async find(token: string | undefined): Promise<Session | undefined> {
    if (!token) return undefined;
    const now = new Date();
    const document = await this.sessions.findOne({ _id: tokenHash(token), expiresAt: { $gt: now } });
    if (!document) return undefined;
    const expiresAt = new Date(now.getTime() + IDLE_LIFETIME_MS);
    if (expiresAt.getTime() - document.expiresAt.getTime() > 60_000) {
      await this.sessions.updateOne({ _id: document._id }, { $set: { expiresAt } });
    }
    return document;
  }

  async delete(token: string | undefined): Promise<void> {
    if (token) await this.sessions.deleteOne({ _id: tokenHash(token) });
  }

  async deleteForOperator(operatorId: string): Promise<void> {
    await this.sessions.deleteMany({ operatorId });
  }
}
