import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Collection, Db } from 'mongodb';
import { isDuplicateKey, MONGO_DB } from '@signstash/platform';
import type { SealedSecret } from './ca-token.cipher';

/** What an authorization at a CA is for: a new certificate, or renewing one certificate's access. */
export type AuthorizationPurpose = { kind: 'register' } | { kind: 'renew'; certificateId: string };

/** A credential the CA offered, as the operator picks it (its certificate as the CA returned it). */
export interface OfferedCredential {
  credentialId: string;
  /** PEM, signer first. */
  certificates: string[];
  description?: string;
}

/**
 * One authorization round trip to a CA. `_id` is the OAuth `state`: unguessable, sent to the CA and
 * back. Bound to the issuer, the operator and the session that started it; its PKCE verifier never
 * leaves the service. After a registration's code exchange it holds the sealed grant and the offered
 * credentials until the operator picks one.
 */
export interface CaAuthorizationDocument {
  _id: string;
  issuerId: string;
  operatorId: string;
  sessionBinding: string;
  ca: string;
  purpose: AuthorizationPurpose;
  codeVerifier: string;
  redirectUri: string;
  createdAt: Date;
  returnedAt?: Date;
  grant?: SealedSecret;
  offered?: OfferedCredential[];
}

export const CA_AUTHORIZATIONS = 'ca_authorizations';

/** An OAuth `state`: 32 random bytes, base64url; unguessable, so a return cannot be forged for a session. */
export const newAuthorizationState = () => randomBytes(32).toString('base64url');
const CA_AUTHORIZATION_CLAIMS = 'ca_authorization_claims';

/** A CA's authorization code is valid 2 minutes: a return later than that from the start is refused. */
export const AUTHORIZATION_LIFETIME_MS = 2 * 60 * 1000;
/** After the code exchange, the operator has this long to pick the credential and name it. */
export const PICK_LIFETIME_MS = 30 * 60 * 1000;
/** Authorizations older than this are swept (FerretDB has no TTL index). */
const KEEP_MS = 24 * 60 * 60 * 1000;

/**
 * The authorizations in flight (MongoDB, FerretDB-compatible: no transaction, no TTL index). A return
 * is taken once: taking it inserts a claim document, and the unique `_id` lets exactly one request
 * win, as the mail outbox claims mails (FerretDB evaluates a guarded update as a read then a write).
 */
@Injectable()
export class CaAuthorizations implements OnModuleInit {
  private readonly authorizations: Collection<CaAuthorizationDocument>;
  private readonly claims: Collection<{ _id: string; at: Date }>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.authorizations = db.collection<CaAuthorizationDocument>(CA_AUTHORIZATIONS);
    this.claims = db.collection(CA_AUTHORIZATION_CLAIMS);
  }

  async onModuleInit() {
    await this.authorizations.createIndex({ createdAt: 1 });
  }

  async start(authorization: CaAuthorizationDocument): Promise<void> {
    await this.authorizations.insertOne(authorization);
    const before = new Date(authorization.createdAt.getTime() - KEEP_MS);
    await this.authorizations.deleteMany({ createdAt: { $lt: before } });
    await this.claims.deleteMany({ at: { $lt: before } });
  }

  find(state: string): Promise<CaAuthorizationDocument | null> {
    return this.authorizations.findOne({ _id: state });
  }

  /** Takes one step of an authorization (`return`, `register`) for this request alone; false when taken before. */
  async take(state: string, step: 'return' | 'register', at: Date): Promise<boolean> {
    try {
      await this.claims.insertOne({ _id: `${state}#${step}`, at });
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  /** Gives a taken step back (the request it was taken for changed nothing and may be tried again). */
  async release(state: string, step: 'return' | 'register'): Promise<void> {
    await this.claims.deleteOne({ _id: `${state}#${step}` });
  }

  /** Keeps a registration's grant (sealed) and the credentials offered until the operator picks one. */
  async holdGrant(state: string, returnedAt: Date, grant: SealedSecret, offered: OfferedCredential[]): Promise<void> {
    await this.authorizations.updateOne({ _id: state }, { $set: { returnedAt, grant, offered } });
  }

  /** The grant moved to the token store with the registered certificate: it is no longer kept here. */
  async dropGrant(state: string): Promise<void> {
    await this.authorizations.updateOne({ _id: state }, { $unset: { grant: '', offered: '' } });
  }
}
