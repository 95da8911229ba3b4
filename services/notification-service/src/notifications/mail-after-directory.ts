import type { CertificateEnvelope } from '@signstash/contracts';
import type { EventContext, EventHandler, KafkaEventConsumer } from '@signstash/messaging';
import type { MailSender } from './mail-sender.worker';
import type { NotificationDocument } from './notification.document';

/** Turns a notifier's reaction into a certificate consumer's handler that mails once the directory has caught up. */
export type MailAfterDirectory = <Envelope extends CertificateEnvelope>(
  notify: (envelope: Envelope, leaseUntil?: Date) => Promise<NotificationDocument[]>,
) => EventHandler<Envelope>;

/**
 * A certificate's expiry is mailed only once the directory consumer has consumed everything
 * published before it, so an operator or client service created just before the expiry is in the
 * mail; the mails it records are handed to the sender at once.
 */
export function mailAfterDirectory(directory: KafkaEventConsumer, sender: MailSender): MailAfterDirectory {
  const directoryCaughtUp = sharedWait(directory);
  return (notify) => async (envelope, context) => {
    await directoryCaughtUp(context);
    sender.handOff(await notify(envelope, sender.leaseForHandOff()));
  };
}

/**
 * Waits until the directory has consumed everything published before the event in hand. A wait
 * reads the directory topics' ends after it starts, so it covers every event fetched before
 * then: the expiries of one fetched batch share one wait instead of polling Kafka each. Waiting
 * long (heartbeating) rather than failing: a directory that is merely behind is no reason to
 * dead-letter a mail.
 */
function sharedWait(directory: KafkaEventConsumer) {
  let last: { startedAt: number; done: Promise<void> } | undefined;
  return (context: EventContext): Promise<void> => {
    if (last && last.startedAt > context.receivedAt) return last.done;
    const startedAt = performance.timeOrigin + performance.now();
    const done = directory.waitUntilCaughtUp(120_000, 200, () => context.heartbeat());
    const current = { startedAt, done };
    last = current;
    done.catch(() => {
      if (last === current) last = undefined;
    });
    return done;
  };
}
