// What the notification service answers about the mails it sends; the gateway's classes implement them.

/** The mails about a certificate's access; the test mail an operator sends itself is the other kind. */
export const CERTIFICATE_MAIL_KINDS = ['AccessExpiring', 'AccessExpired', 'AccessUsageWarned'] as const;
export type NotificationKind = (typeof CERTIFICATE_MAIL_KINDS)[number] | 'TestMail';
/** A mail being sent is still pending. */
export const NOTIFICATION_STATUSES = ['pending', 'sent', 'failed', 'withdrawn'] as const;

export interface Notification {
  id: string;
  kind: NotificationKind;
  /** Absent on a test mail. */
  certificateId?: string;
  recipient: string;
  subject: string;
  createdAt: string;
  status: (typeof NOTIFICATION_STATUSES)[number];
  attempts: number;
  sentAt?: string;
  lastError?: string;
}

export interface NotificationList {
  /** Newest first, at most 200. */
  items: Notification[];
}

/** A test mail recorded: read its state by its id. */
export interface TestMailRecorded {
  id: string;
  status: Notification['status'];
}
