import { Kafka } from 'kafkajs';
import { Db } from 'mongodb';
import type {
  CertificateEnvelope,
  CertificateIntegrationEvent,
  ClientServiceIntegrationEvent,
  OperatorIntegrationEvent,
  TopicNames,
} from '@signstash/contracts';
import {
  ConsumerInbox,
  consumerGroupId,
  consumerTopics,
  EventContext,
  EventHandler,
  KafkaEventConsumer,
  topicHandlers,
} from '@signstash/messaging';
import { NOTIFICATION_SERVICE_PARTS } from '../notification-service.parts';
import { RecipientDirectory } from '../directory/recipient-directory';
import { ExpiryNotifier } from './expiry-notifier';
import { MailSender } from './mail-sender.worker';
import type { NotificationDocument } from './notification.document';

export const NOTIFICATION_CONSUMER_GROUP = 'notification-service';

/**
 * Two groups: the directory (operators and client services) and the certificates. A certificate's
 * expiry is mailed only once the directory has consumed everything published before it, so an
 * operator or client service created just before the expiry is in the mail.
 */
export function notificationConsumers(
  kafka: Kafka,
  db: Db,
  directory: RecipientDirectory,
  notifier: ExpiryNotifier,
  sender: MailSender,
  topics: TopicNames,
  group = NOTIFICATION_CONSUMER_GROUP,
) {
  const inbox = new ConsumerInbox(db);
  const parts = NOTIFICATION_SERVICE_PARTS.consumers;
  const operator = directory.applyOperatorEvent.bind(directory);
  const clientService = directory.applyClientServiceEvent.bind(directory);
  const certificate = (envelope: CertificateEnvelope) => directory.applyCertificateEvent(envelope);
  const directoryConsumer = new KafkaEventConsumer(kafka, inbox, {
    groupId: consumerGroupId(group, parts.directory),
    topics: consumerTopics(parts.directory, topics),
    handlers: topicHandlers<OperatorIntegrationEvent | ClientServiceIntegrationEvent>({
      OperatorCreated: operator,
      OperatorChanged: operator,
      OperatorRemoved: operator,
      ClientServiceRegistered: clientService,
      ClientServiceSuspended: clientService,
      ClientServiceActivated: clientService,
      ClientServiceDeactivated: clientService,
    }),
  });
  const directoryCaughtUp = sharedWait(directoryConsumer);
  const mail =
    <Envelope extends CertificateEnvelope>(
      notify: (envelope: Envelope, leaseUntil?: Date) => Promise<NotificationDocument[]>,
    ): EventHandler<Envelope> =>
    async (envelope, context) => {
      await directoryCaughtUp(context);
      sender.handOff(await notify(envelope, sender.leaseForHandOff()));
    };
  const certificateConsumer = new KafkaEventConsumer(kafka, inbox, {
    groupId: consumerGroupId(group, parts.certificates),
    topics: consumerTopics(parts.certificates, topics),
    handlers: topicHandlers<CertificateIntegrationEvent>({
      CertificateRegistered: certificate,
      CertificateDetailsChanged: certificate,
      AccessExpiring: mail((envelope, leaseUntil) => notifier.onAccessExpiring(envelope, leaseUntil)),
      AccessExpired: mail((envelope, leaseUntil) => notifier.onAccessExpired(envelope, leaseUntil)),
      AccessUsageWarned: mail((envelope, leaseUntil) => notifier.onAccessUsageWarned(envelope, leaseUntil)),
    }),
    ignoreTypes: ['CertificateStatusChanged', 'AccessRenewed'],
  });
  return [directoryConsumer, certificateConsumer];
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
