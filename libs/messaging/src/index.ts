export { createKafka, kafkaProbe, KafkaOptions } from './kafka-connection';
export { KafkaPublisher } from './kafka-publisher';
export { ensureTopics, TopicSpec } from './topic-admin';
export { KafkaModule, KAFKA } from './kafka.module';
