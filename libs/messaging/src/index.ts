export { createKafka, kafkaProbe, KafkaOptions } from './kafka-connection';
export { KafkaPublisher, envelopeMessage, PUBLISHER_PRODUCER_CONFIG } from './kafka-publisher';
export { ensureTopics, integrationTopicSpecs, TopicSpec } from './topic-admin';
export { KafkaModule, KAFKA, TOPICS } from './kafka.module';
export { RetryPolicy, DEFAULT_RETRY_POLICY } from './retry-policy';
export { ConsumerInbox, InboxEntry } from './consumer-inbox';
export { EventHandler, EventContext, DispatchRules, BatchHandler } from './event-dispatch';
export { ConsumerCounters } from './message-processor';
export { handledAll, KafkaEventConsumer, KafkaEventConsumerOptions, PartitionLag } from './kafka-event-consumer';
export { KafkaBroadcastConsumer, KafkaBroadcastConsumerOptions } from './kafka-broadcast-consumer';
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
export { relayedEnvelope } from './relayed-envelope';
export { registerMessagingMetrics, registerRelayLeaderGauge } from './messaging.metrics';
export {
  ServiceParts,
  RelayPart,
  OutboxRelayPart,
  BroadcastPart,
  ConsumerPart,
  ConsumerDispatch,
  consumerPart,
  consumerGroupId,
  consumerTopics,
  eventRelay,
  kafkaConsumer,
} from './service-parts';
export { topicBatchHandlers, topicHandlers, TopicHandlers } from './topic-handlers';
export { engineModules, eventSourcedServiceModules } from './service-engines';
