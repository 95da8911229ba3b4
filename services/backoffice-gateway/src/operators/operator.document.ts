import type { Db } from 'mongodb';
import type { IntegrationEnvelope, MailChoices, OperatorRole } from '@signstash/contracts';

/**
 * An operator account. Directory events wait in `outbox` on the same document until they are on
 * Kafka: one document write is atomic, so an account never changes without its event (FerretDB
 * has no multi-document transactions).
 */
export interface OperatorDocument {
  _id: string;
  issuerId: string;
  issuerName: string;
  name: string;
  email: string;
  emailLower: string;
  role: OperatorRole;
  passwordHash: string;
  /** Absent until the operator chooses: the role's defaults apply (see mailChoicesOf). */
  mail?: MailChoices;
  /** Every change of `mail`, oldest first: the settings page's audit of who chose what, when. */
  mailChanges?: MailChoiceChange[];
  createdAt: Date;
  updatedAt: Date;
  removedAt?: Date;
  outbox: IntegrationEnvelope[];
}

export const OPERATORS_COLLECTION = 'operators';

/** Where the login sessions live; the directory ends an operator's sessions without depending on the session store. */
export const SESSIONS_COLLECTION = 'sessions';

/** Every session of an operator ends (removed, or its role changed): what it may do is decided again at its next login. */
export const endSessionsOf = async (db: Db, operatorId: string) => {
  await db.collection(SESSIONS_COLLECTION).deleteMany({ operatorId });
};

export interface MailChoiceChange {
  at: Date;
  from: MailChoices;
  to: MailChoices;
}
