import type { Kafka } from 'kafkajs';
import type { Db } from 'mongodb';
import type { TopicNames } from '@signstash/contracts';
import { ConsumerInbox, EventHandler, KafkaEventConsumer } from '@signstash/messaging';
import type { ClientServiceEffects } from './client-service-effects';

/** The certificate service's one consumer: client-service events, for the certificates' history. */
export function clientServiceEffectsConsumer(
  kafka: Kafka,
  db: Db,
  effects: ClientServiceEffects,
  topics: TopicNames,
  groupId: string,
): KafkaEventConsumer {
  const apply: EventHandler = (envelope) => effects.apply(envelope);
  return new KafkaEventConsumer(kafka, new ConsumerInbox(db), {
    groupId,
    topics: [topics.clientServices],
    handlers: {
      ClientServiceRegistered: apply,
      ClientServiceSuspended: apply,
      ClientServiceActivated: apply,
      ClientServiceDeactivated: apply,
    },
  });
}
