import type { Kafka } from 'kafkajs';
import type { Db } from 'mongodb';
import type { SignatureIntegrationEvent } from '@signstash/contracts';
import { ConsumerInbox, KafkaEventConsumer, topicHandlers } from '@signstash/messaging';
import type { SignatureUsage } from './signature-usage';

/** The signing side's reports (`signstash.signatures.v1`), counted against each access's signature limit. */
export function signatureUsageConsumer(
  kafka: Kafka,
  db: Db,
  usage: SignatureUsage,
  topics: string[],
  groupId: string,
): KafkaEventConsumer {
  return new KafkaEventConsumer(kafka, new ConsumerInbox(db), {
    groupId,
    topics,
    handlers: topicHandlers<SignatureIntegrationEvent>({
      SignaturesApplied: (envelope) => usage.apply(envelope),
    }),
  });
}
