import { DynamicModule, Module } from '@nestjs/common';
import { Db } from 'mongodb';
import { Kafka } from 'kafkajs';
import { EVENT_STORE, EventStore, EventStoreModule, eventStoreOptions, eventStoreProbe } from '@signstash/event-store';
import { KAFKA, KafkaModule, kafkaProbe } from '@signstash/messaging';
import { HealthModule, MetricsModule, MONGO_DB, MongoModule, mongoProbe } from '@signstash/platform';
import { ClientServiceServiceConfig } from './client-service-service.config';
import { ClientServicesModule } from './client-services/client-services.module';

@Module({})
export class AppModule {
  static forRoot(config: ClientServiceServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        MetricsModule.forRoot('client-service-service'),
        MongoModule.forRoot({ url: config.MONGO_URL, database: config.MONGO_DB }),
        KafkaModule.forRoot({
          clientId: 'client-service-service',
          brokers: config.KAFKA_BROKERS,
          topicPrefix: config.KAFKA_TOPIC_PREFIX,
        }),
        EventStoreModule.forRoot(eventStoreOptions(config)),
        ClientServicesModule.forRoot(config.CONSUMER_GROUP, { ttlSeconds: config.LEASE_TTL_SECONDS }),
        HealthModule.forRoot({
          inject: [MONGO_DB, KAFKA, EVENT_STORE],
          probes: (db: Db, kafka: Kafka, store: EventStore) => [
            mongoProbe(db),
            kafkaProbe(kafka),
            eventStoreProbe(store),
          ],
        }),
      ],
    };
  }
}
