import type { CertificateEnvelope } from '@signstash/contracts';
import type { BatchHandler, EventHandler, KafkaEventConsumer } from '@signstash/messaging';
import type { MailSender } from './mail-sender.worker';
import type { NotificationDocument } from './notification.document';

type Notify<Envelope> = (envelope: Envelope, leaseUntil?: Date) => Promise<NotificationDocument[]>;

/** Turns a notifier's reaction into a certificate consumer's handler that mails once the directory has caught up. */
export interface MailAfterDirectory {
  /** Event by event. */
  each<Envelope extends CertificateEnvelope>(notify: Notify<Envelope>): EventHandler<Envelope>;
  /**
   * A fetched batch (a thousand accesses expiring at one instant): one wait for the directory, the
   * mails of every event recorded together (their inserts and look-ups coalesce), each event's handed
   * to the sender as soon as they are recorded. Idempotent per event: a mail is recorded once per
   * (event, recipient), so a batch handled again (or event by event after a failure) adds none.
   */
  all<Envelope extends CertificateEnvelope>(notify: Notify<Envelope>): BatchHandler<Envelope>;
}

/**
 * A certificate's expiry is mailed only once the directory consumer has consumed everything
 * published before it, so an operator or client service created just before the expiry is in the
 * mail; the mails it records are handed to the sender at once.
 */
export function mailAfterDirectory(directory: KafkaEventConsumer, sender: MailSender): MailAfterDirectory {
  const directoryCaughtUp = sharedWait(directory);
  return {
    each: (notify) => async (envelope, context) => {
      await directoryCaughtUp(context.publishedAt, context.heartbeat);
      sender.handOff(await notify(envelope, sender.leaseForHandOff()));
    },
    all: (notify) => async (envelopes, heartbeat, lastPublishedAt) => {
      await directoryCaughtUp(lastPublishedAt, heartbeat);
      await Promise.all(
        envelopes.map(async (envelope) => sender.handOff(await notify(envelope, sender.leaseForHandOff()))),
      );
    },
  };
}

/**
 * Waits until the directory has consumed everything published before the event in hand (by the
 * Kafka timestamps: what the expiry itself causes, its suspensions, is published after it and not
 * waited for). A wait covers every event published up to its cut-off: the expiries of one fetched
 * batch share one wait (the batch's latest), and a wait in progress serves the events published
 * before its cut-off. Waiting long (heartbeating) rather than failing: a directory that is merely
 * behind is no reason to dead-letter a mail.
 */
function sharedWait(directory: KafkaEventConsumer) {
  let last: { publishedBefore: number; done: Promise<void> } | undefined;
  return (publishedAt: number, heartbeat: () => Promise<void>): Promise<void> => {
    if (last && last.publishedBefore >= publishedAt) return last.done;
    const done = directory.waitUntilCaughtUp(120_000, 200, heartbeat, publishedAt);
    const current = { publishedBefore: publishedAt, done };
    last = current;
    done.catch(() => {
      if (last === current) last = undefined;
    });
    return done;
  };
}
