import type { NotificationDocument, NotificationStatus } from './notification.document';

/** A mail taken by a sender is still to be sent, as the operator sees it. */
export const publicStatus = (status: NotificationStatus) => (status === 'sending' ? 'pending' : status);

/** One mail as the HTTP API shows it (in the list and by id). */
export const notificationView = (d: NotificationDocument) => ({
  id: d._id,
  kind: d.kind,
  ...(d.certificateId ? { certificateId: d.certificateId } : {}),
  recipient: d.recipient,
  subject: d.subject,
  createdAt: d.createdAt.toISOString(),
  status: publicStatus(d.status),
  attempts: d.attempts,
  ...(d.sentAt ? { sentAt: d.sentAt.toISOString() } : {}),
  ...(d.lastError ? { lastError: d.lastError } : {}),
});
