import { Kafka } from 'kafkajs';
import { Db } from 'mongodb';
import type { TopicNames } from '@signstash/contracts';
import { ConsumerInbox, EventHandler, KafkaEventConsumer } from '@signstash/messaging';
import { RecipientDirectory } from '../directory/recipient-directory';
import { ExpiryNotifier } from './expiry-notifier';
import { MailSender } from './mail-sender.worker';

export const NOTIFICATION_CONSUMER_GROUP = 'notification-service';

/**
 * Two groups: the directory (operators and client services) and the certificates. A certificate's
 * expiry is mailed only once the directory has consumed everything published before it, so an
 * operator or client service created just before the expiry is in the mail.
 */
export function notificationConsumers(kafka: Kafka, db: Db, directory: RecipientDirectory, notifier: ExpiryNotifier, sender: MailSender, topics: TopicNames, group = NOTIFICATION_CONSUMER_GROUP) {
  const inbox = new ConsumerInbox(db);
  const operator: EventHandler = (envelope) => directory.applyOperatorEvent(envelope);
  const clientService: EventHandler = (envelope) => directory.applyClientServiceEvent(envelope);
  const certificate: EventHandler = (envelope) => directory.applyCertificateEvent(envelope);
  const directoryConsumer = new KafkaEventConsumer(kafka, inbox, {
    groupId: `${group}.directory`,
    topics: [topics.operators, topics.clientServices],
    handlers: {
      OperatorCreated: operator,
      OperatorChanged: operator,
      OperatorRemoved: operator,
      ClientServiceRegistered: clientService,
      ClientServiceSuspended: clientService,
      ClientServiceActivated: clientService,
      ClientServiceDeactivated: clientService,
    },
  });
  // Waiting long (heartbeating) rather than failing: a directory that is merely behind is no reason to dead-letter a mail.
  const mail = (notify: (envelope: Parameters<EventHandler>[0]) => Promise<number>): EventHandler => async (envelope, context) => {
    await directoryConsumer.waitUntilCaughtUp(120_000, 200, () => context.heartbeat());
    if (await notify(envelope)) void sender.drain();
  };
  const certificateConsumer = new KafkaEventConsumer(kafka, inbox, {
    groupId: `${group}.certificates`,
    topics: [topics.certificates],
    handlers: {
      CertificateRegistered: certificate,
      CertificateDetailsChanged: certificate,
      AccessExpiring: mail((envelope) => notifier.onAccessExpiring(envelope)),
      AccessExpired: mail((envelope) => notifier.onAccessExpired(envelope)),
    },
    ignoreTypes: ['CertificateStatusChanged', 'AccessRenewed'],
  });
  return [directoryConsumer, certificateConsumer];
}
