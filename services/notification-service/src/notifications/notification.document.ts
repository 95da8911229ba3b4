export type NotificationStatus = 'pending' | 'sending' | 'sent' | 'failed';
export type NotificationKind = 'AccessExpiring' | 'AccessExpired';

/**
 * One e-mail to one operator about one event. `_id` is `<event id>:<operator id>`, so recording
 * the same (event, recipient) twice is refused by the database: the mail exists once.
 */
export interface NotificationDocument {
  _id: string;
  eventId: string;
  kind: NotificationKind;
  issuerId: string;
  certificateId: string;
  operatorId: string;
  recipient: string;
  subject: string;
  text: string;
  html: string;
  status: NotificationStatus;
  attempts: number;
  /**
   * How many times the mail was taken (claimed, handed over or taken over): only ever grows, unlike
   * `attempts`, which a release or an ops retry sets back. Taking it is inserting the claim of the next
   * generation, so exactly one sender takes each one (see NotificationOutbox.claim).
   */
  generation: number;
  createdAt: Date;
  nextAttemptAt: Date;
  /** While `sending`: until when this sender holds it; after that another sender may take it over. */
  leaseUntil?: Date;
  sentAt?: Date;
  failedAt?: Date;
  lastError?: string;
}

export const NOTIFICATIONS_COLLECTION = 'notifications';

/** One document per (mail, generation) taken: the unique `_id` makes the taking exclusive. */
export interface NotificationClaimDocument {
  /** `<mail id>#<generation>` */
  _id: string;
  mailId: string;
  claimedAt: Date;
}

export const NOTIFICATION_CLAIMS_COLLECTION = 'notification_claims';
