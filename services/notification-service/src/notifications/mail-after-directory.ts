import type { CertificateEnvelope } from '@signstash/contracts';
import { type BatchHandler, type EventHandler, handledAll, type KafkaEventConsumer } from '@signstash/messaging';
import type { MailSender } from './mail-sender.worker';
import type { NotificationDocument } from './notification.document';

/**
 * A read of the directory that sees every operator, alias and client service published before the
 * event in hand: the notifier's look-ups go through it.
 */
export type DirectoryRead = <T>(read: () => Promise<T>) => Promise<T>;

type Notify<Envelope> = (
  envelope: Envelope,
  leaseUntil: Date | undefined,
  readDirectory: DirectoryRead,
) => Promise<NotificationDocument[]>;

/** Turns a notifier's reaction into a certificate consumer's handler that mails what the caught-up directory says. */
export interface MailAfterDirectory {
  /** Event by event. */
  each<Envelope extends CertificateEnvelope>(notify: Notify<Envelope>): EventHandler<Envelope>;
  /**
   * A fetched batch (a thousand accesses expiring at one instant): the mails of every event recorded
   * together (their inserts and look-ups coalesce), each event's handed to the sender as soon as they
   * are recorded. Idempotent per event: a mail is recorded once per (event, recipient), so a batch
   * handled again (or event by event after a failure) adds none.
   */
  all<Envelope extends CertificateEnvelope>(notify: Notify<Envelope>): BatchHandler<Envelope>;
}

/** How long a mail waits for a directory that is behind; then its handler fails and is retried. */
const CATCH_UP_TIMEOUT_MS = 120_000;
const CATCH_UP_POLL_MS = 200;

/**
 * A certificate's expiry is mailed as the directory consumer sees it once it has consumed
 * everything published before the event (by the Kafka timestamps: what the expiry itself causes,
 * its suspensions, is published after it and not waited for), so an operator or client service
 * created just before the expiry is in the mail; the mails recorded are handed to the sender at once.
 *
 * Optimistic: a look-up runs while Kafka is asked which offsets were published before the event
 * (an admin round trip of 0.2–0.6 s in a burst). It stands if the directory had handled them all
 * before it started, which is the rule (the directory is idle before an expiry); else the mail
 * waits for the directory to catch up and looks up again.
 */
export function mailAfterDirectory(directory: KafkaEventConsumer, sender: MailSender): MailAfterDirectory {
  const offsetsBefore = latestShared((publishedAt: number) => directory.offsetsPublishedBefore(publishedAt));
  const caughtUp = latestShared((publishedAt: number, heartbeat: () => Promise<void>) =>
    directory.waitUntilCaughtUp(CATCH_UP_TIMEOUT_MS, CATCH_UP_POLL_MS, heartbeat, publishedAt),
  );
  const readAsOf =
    (publishedAt: number, heartbeat: () => Promise<void>): DirectoryRead =>
    async (read) => {
      const handled = directory.handledSnapshot();
      const [targets, seen] = await Promise.all([offsetsBefore(publishedAt), read()]);
      if (handledAll(handled, targets)) return seen;
      await caughtUp(publishedAt, heartbeat);
      return read();
    };
  return {
    each: (notify) => async (envelope, context) => {
      const readDirectory = readAsOf(context.publishedAt, context.heartbeat);
      sender.handOff(await notify(envelope, sender.leaseForHandOff(), readDirectory));
    },
    // One cut-off for the batch, its latest event's: one question to Kafka, one wait if any.
    all: (notify) => async (envelopes, heartbeat, lastPublishedAt) => {
      const readDirectory = readAsOf(lastPublishedAt, heartbeat);
      await Promise.all(
        envelopes.map(async (envelope) =>
          sender.handOff(await notify(envelope, sender.leaseForHandOff(), readDirectory)),
        ),
      );
    },
  };
}

/**
 * `ask(publishedAt)` shared by the callers whose cut-off it covers: an answer for a later cut-off
 * serves an earlier one (it asks for more), so the expiries published before one in progress wait
 * on it. A failed one is not kept.
 */
function latestShared<Args extends unknown[], R>(ask: (publishedAt: number, ...args: Args) => Promise<R>) {
  let last: { publishedBefore: number; answer: Promise<R> } | undefined;
  return (publishedAt: number, ...args: Args): Promise<R> => {
    if (last && last.publishedBefore >= publishedAt) return last.answer;
    const answer = ask(publishedAt, ...args);
    const current = { publishedBefore: publishedAt, answer };
    last = current;
    answer.catch(() => {
      if (last === current) last = undefined;
    });
    return answer;
  };
}
