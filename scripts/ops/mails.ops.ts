import { NotificationOutbox } from '../../services/notification-service/src/notifications/notification-outbox';
import type { NotificationStatus } from '../../services/notification-service/src/notifications/notification.document';
import type { OpsContext } from './ops-context';

export interface FailedMail {
  id: string;
  recipient: string;
  subject: string;
  attempts: number;
  failedAt?: Date;
  lastError?: string;
}

function outboxOf(context: OpsContext): NotificationOutbox {
  if (context.service !== 'notification-service')
    throw new Error(`mails are notification-service's: drop --service ${context.service}`);
  return new NotificationOutbox(context.db);
}

/** Mails by state, those SMTP refused and still retried (and since when the oldest waits), and the failed ones (newest first, at most `limit`) with the SMTP error that failed them. */
export async function mailsStatus(
  context: OpsContext,
  limit = 20,
): Promise<{
  counts: Record<NotificationStatus, number>;
  retrying: { count: number; oldestSince?: Date };
  failed: FailedMail[];
}> {
  const outbox = outboxOf(context);
  const failed = await outbox.collection.find({ status: 'failed' }).sort({ failedAt: -1 }).limit(limit).toArray();
  const retrying = await outbox.retrying();
  return {
    counts: await outbox.countByStatus(),
    retrying: { count: retrying.count, ...(retrying.oldestCreatedAt ? { oldestSince: retrying.oldestCreatedAt } : {}) },
    failed: failed.map((mail) => ({
      id: mail._id,
      recipient: mail.recipient,
      subject: mail.subject,
      attempts: mail.attempts,
      failedAt: mail.failedAt,
      lastError: mail.lastError,
    })),
  };
}

/**
 * The outbox's own retry (what POST /notifications/failed/retry runs): failed mails go back to
 * pending with fresh attempts; the running service's sender picks them up within its poll interval.
 */
export async function retryFailedMails(
  context: OpsContext,
): Promise<{ requeued: number; before: Record<NotificationStatus, number> }> {
  const outbox = outboxOf(context);
  const before = await outbox.countByStatus();
  return { requeued: await outbox.retryFailed(), before };
}
