import type { Kafka } from 'kafkajs';
import type { Db } from 'mongodb';
import type { ClientServiceIntegrationEvent } from '@signstash/contracts';
import { ConsumerInbox, KafkaEventConsumer, topicHandlers } from '@signstash/messaging';
import type { ClientServiceEffects } from './client-service-effects';

/** The certificate service's one consumer: client-service events, for the certificates' history. */
export function clientServiceEffectsConsumer(
  kafka: Kafka,
  db: Db,
  effects: ClientServiceEffects,
  topics: string[],
  groupId: string,
): KafkaEventConsumer {
  return new KafkaEventConsumer(kafka, new ConsumerInbox(db), {
    groupId,
    topics,
    handlers: topicHandlers<ClientServiceIntegrationEvent>({
      ClientServiceRegistered: (envelope) => effects.apply(envelope),
      ClientServiceSuspended: (envelope) => effects.apply(envelope),
      ClientServiceActivated: (envelope) => effects.apply(envelope),
      ClientServiceDeactivated: (envelope) => effects.apply(envelope),
    }),
  });
}
