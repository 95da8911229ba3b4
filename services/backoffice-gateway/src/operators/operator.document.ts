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

export interface MailChoiceChange {
  at: Date;
  from: MailChoices;
  to: MailChoices;
}
