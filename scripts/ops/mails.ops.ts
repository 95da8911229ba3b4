import { NotificationOutbox } from '../../services/notification-service/src/notifications/notification-outbox';
import type { OpsContext } from './ops-context';

/**
 * The outbox's own retry (what POST /notifications/failed/retry runs): failed mails go back to
 * pending with fresh attempts; the running service's sender picks them up.
 */
export async function retryFailedMails(context: OpsContext): Promise<{ requeued: number; before: Record<string, number> }> {
  const outbox = new NotificationOutbox(context.db);
  const before = await outbox.countByStatus();
  return { requeued: await outbox.retryFailed(), before };
}
