import type { Kafka } from 'kafkajs';
import type { Db } from 'mongodb';
import type { SignatureIntegrationEvent } from '@signstash/contracts';
import { ConsumerInbox, KafkaEventConsumer, topicBatchHandlers, topicHandlers } from '@signstash/messaging';
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
    // The partitions may have moved: totals of periods another member counted meanwhile are stale.
    onGroupJoin: () => usage.forgetTotals(),
    // A fetched batch in one count (Kafka's pace); report by report when it fails (retries, dead letters).
    batchHandlers: topicBatchHandlers<SignatureIntegrationEvent>({
      SignaturesApplied: (envelopes) => usage.applyAll(envelopes),
    }),
    handlers: topicHandlers<SignatureIntegrationEvent>({
      SignaturesApplied: (envelope) => usage.apply(envelope),
    }),
  });
}
