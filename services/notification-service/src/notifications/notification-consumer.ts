import { Kafka } from 'kafkajs';
import { Db } from 'mongodb';
import { Topics } from '@signstash/contracts';
import { ConsumerInbox, EventHandler, KafkaEventConsumer } from '@signstash/messaging';
import { RecipientDirectory } from '../directory/recipient-directory';
import { ExpiryNotifier } from './expiry-notifier';
import { MailSender } from './mail-sender.worker';

export const NOTIFICATION_CONSUMER_GROUP = 'notification-service';

/** One consumer group over the three topics this service learns from. */
export function notificationConsumer(kafka: Kafka, db: Db, directory: RecipientDirectory, notifier: ExpiryNotifier, sender: MailSender, groupId = NOTIFICATION_CONSUMER_GROUP) {
  const operator: EventHandler = (envelope) => directory.applyOperatorEvent(envelope);
  const certificate: EventHandler = (envelope) => directory.applyCertificateEvent(envelope);
  const clientService: EventHandler = (envelope) => directory.applyClientServiceEvent(envelope);
  return new KafkaEventConsumer(kafka, new ConsumerInbox(db), {
    groupId,
    topics: [Topics.operators, Topics.certificates, Topics.clientServices],
    handlers: {
      OperatorCreated: operator,
      OperatorChanged: operator,
      OperatorRemoved: operator,
      CertificateRegistered: certificate,
      CertificateDetailsChanged: certificate,
      AccessExpiring: async (envelope) => {
        if (await notifier.onAccessExpiring(envelope)) void sender.drain();
      },
      AccessExpired: async (envelope) => {
        if (await notifier.onAccessExpired(envelope)) void sender.drain();
      },
      ClientServiceRegistered: clientService,
      ClientServiceSuspended: clientService,
      ClientServiceActivated: clientService,
      ClientServiceDeactivated: clientService,
    },
    ignoreTypes: ['CertificateStatusChanged', 'AccessRenewed'],
  });
}
