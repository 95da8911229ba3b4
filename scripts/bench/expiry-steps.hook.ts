import { KafkaEventConsumer } from '@signstash/messaging';
import { ExpiryNotifier } from '../../services/notification-service/src/notifications/expiry-notifier';
import { MailSender } from '../../services/notification-service/src/notifications/mail-sender.worker';
import { NotificationOutbox } from '../../services/notification-service/src/notifications/notification-outbox';
import { SmtpMailer } from '../../services/notification-service/src/mail/smtp-mailer';
import { RecipientDirectory } from '../../services/notification-service/src/directory/recipient-directory';
import { intercept } from './spans-kit';

/**
 * The expiry-latency bench's timeline of the mail path (SIGNSTASH_BENCH_MONGO=1, with
 * mongo-commands.hook.ts): when the notification service's steps ran between T and the last mail —
 * the wait for its directory, the look-ups, the recording, the hand-over to the sender — by wrapping
 * their prototypes in this process.
 */
const steps = new Map<string, Array<[number, number]>>();

/** Records when each call of `proto[method]` started and settled (epoch ms), under `name`. */
const wrap = (proto: object, method: string, name: string) =>
  intercept(proto, method, (_self, _args, started) => {
    const epoch = (at: number) => performance.timeOrigin + at;
    steps.set(name, [...(steps.get(name) ?? []), [epoch(started), epoch(performance.now())]]);
  });

wrap(KafkaEventConsumer.prototype, 'offsetsPublishedBefore', 'directory: offsets published before (Kafka admin)');
wrap(KafkaEventConsumer.prototype, 'waitUntilCaughtUp', 'consumer waits until another has caught up (directory)');
wrap(SmtpMailer.prototype, 'send', 'sender: SMTP sends');
wrap(RecipientDirectory.prototype, 'operatorsOf', 'directory look-up: operators');
wrap(RecipientDirectory.prototype, 'clientServicesUsing', 'directory look-up: client services');
wrap(RecipientDirectory.prototype, 'applyClientServiceEvents', 'directory: suspensions written');
wrap(ExpiryNotifier.prototype, 'onAccessExpired', 'notifier: AccessExpired → mails recorded');
wrap(NotificationOutbox.prototype, 'insertAll', 'outbox: insert of recorded mails');
wrap(MailSender.prototype, 'handOff', 'sender: mails handed over');
wrap(NotificationOutbox.prototype, 'markAllSent', 'outbox: sent marks written');

export function printExpirySteps(from: number, to: number) {
  console.log('\nThe mail path between T and the last mail (count, first start → last end):');
  for (const [name, spans] of steps) {
    const inside = spans.filter(([start]) => start >= from && start <= to);
    if (inside.length === 0) continue;
    const first = Math.min(...inside.map(([start]) => start)) - from;
    const last = Math.max(...inside.map(([, end]) => end)) - from;
    console.log(
      `  ${name.padEnd(58)} ${String(inside.length).padStart(5)}×  T+${(first / 1000).toFixed(2)} → T+${(last / 1000).toFixed(2)} s`,
    );
  }
}
