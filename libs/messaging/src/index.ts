export { createKafka, kafkaProbe, KafkaOptions } from './kafka-connection';
export { KafkaPublisher, envelopeMessage } from './kafka-publisher';
export { ensureTopics, integrationTopicSpecs, TopicSpec } from './topic-admin';
export { KafkaModule, KAFKA, TOPICS } from './kafka.module';
export { RetryPolicy, DEFAULT_RETRY_POLICY, backoffDelay } from './retry-backoff';
export { ConsumerInbox, InboxEntry } from './consumer-inbox';
export { EventHandler, EventContext, DispatchRules } from './event-dispatch';
export { ConsumerCounters } from './message-processor';
export { KafkaEventConsumer, KafkaEventConsumerOptions, PartitionLag } from './kafka-event-consumer';
export {
  DeadLetterHeaders,
  DeadLetterCause,
  HEADER_RETRIED_FROM_DLQ,
  readDeadLetterCause,
} from './dead-letter-headers';
export { DeadLetterTool, DeadLetter } from './dead-letter-tool';
export { RelayCheckpoints } from './relay-checkpoints';
export { RelayLeases } from './relay-leases';
export { EventRelay, EventRelayOptions, RelayStatus, EnvelopePublisher } from './event-relay';
export {
  MessagingWorkersModule,
  MessagingWorker,
  MessagingWorkersOptions,
  MESSAGING_WORKERS,
} from './messaging-workers.module';
export { registerMessagingMetrics, registerRelayLeaderGauge } from './messaging.metrics';
export { topicHandlers, TopicHandlers } from './topic-handlers';
