/**
 * `failed`: not delivered within its retry horizon (or before it stopped being true, having been
 * tried); `withdrawn`: not sent because it stopped being true first (a renewal), nobody's failure.
 */
export type NotificationStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'withdrawn';
/** The expiry mails, about a certificate's event; a test mail an operator asked for, about nothing else. */
export type NotificationKind = 'AccessExpiring' | 'AccessExpired' | 'AccessUsageWarned' | 'TestMail';

/**
 * One e-mail to one operator. For an expiry mail `_id` is `<event id>:<operator id>`, so recording
 * the same (event, recipient) twice is refused by the database: the mail exists once. A test mail,
 * asked for over HTTP, has a fresh uuid (MailCheckThrottle keeps it from being asked for too often).
 */
export interface NotificationDocument {
  _id: string;
  /** The event the mail is about; absent on a test mail. */
  eventId?: string;
  kind: NotificationKind;
  issuerId: string;
  /** The certificate the mail is about; absent on a test mail. */
  certificateId?: string;
  /** The stream revision of the certificate event it is about: a later renewal withdraws it. */
  eventRevision?: number;
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
  /**
   * The moment the mail stops being true: a warning's access expires then. Never sent after it.
   * (An expiry notice stops being true at a renewal, which withdraws it when it is consumed.)
   */
  trueUntil?: Date;
  /** Where its retry horizon starts: when recorded, or when ops put it back after a failure. */
  retryFrom?: Date;
  nextAttemptAt: Date;
  /** While `sending`: until when this sender holds it; after that another sender may take it over. */
  leaseUntil?: Date;
  sentAt?: Date;
  failedAt?: Date;
  withdrawnAt?: Date;
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
