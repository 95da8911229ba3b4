import type { DynamicModule } from '@nestjs/common';
import type { Db } from 'mongodb';
import type { Kafka } from 'kafkajs';
import {
  EVENT_STORE,
  EventSourcedServiceConfig,
  EventStore,
  EventStoreModule,
  eventStoreOptions,
  eventStoreProbe,
} from '@signstash/event-store';
import { EnginesConfig, HealthModule, MetricsModule, MONGO_DB, MongoModule, mongoProbe } from '@signstash/platform';
import { kafkaProbe } from './kafka-connection';
import { KAFKA, KafkaModule } from './kafka.module';

/** What every service reaches, as its config states it: its metrics (labelled with its name), MongoDB and Kafka. */
export const engineModules = (serviceName: string, config: EnginesConfig): DynamicModule[] => [
  MetricsModule.forRoot(serviceName),
  MongoModule.forRoot({ url: config.MONGO_URL, database: config.MONGO_DB }),
  KafkaModule.forRoot({ clientId: serviceName, brokers: config.KAFKA_BROKERS, topicPrefix: config.KAFKA_TOPIC_PREFIX }),
];

/** An event-sourced service's engines and event store, and its health: ready when all three answer. */
export const eventSourcedServiceModules = (serviceName: string, config: EventSourcedServiceConfig): DynamicModule[] => [
  ...engineModules(serviceName, config),
  EventStoreModule.forRoot(eventStoreOptions(config)),
  HealthModule.forRoot({
    inject: [MONGO_DB, KAFKA, EVENT_STORE],
    probes: (db: Db, kafka: Kafka, store: EventStore) => [mongoProbe(db), kafkaProbe(kafka), eventStoreProbe(store)],
  }),
];
