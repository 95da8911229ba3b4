import { DynamicModule, Module } from '@nestjs/common';
import { Db } from 'mongodb';
import { Kafka } from 'kafkajs';
import { EVENT_STORE, EventStore, EventStoreModule, eventStoreOptions, eventStoreProbe } from '@signstash/event-store';
import { KAFKA, KafkaModule, kafkaProbe } from '@signstash/messaging';
import { HealthModule, MetricsModule, MONGO_DB, MongoModule, mongoProbe } from '@signstash/platform';
import { loadCertificateAuthorities } from './certificate-authorities/certificate-authorities.config';
import { CertificateAuthoritiesModule } from './certificate-authorities/certificate-authorities.module';
import { CertificateServiceConfig } from './certificate-service.config';
import { CertificatesModule } from './certificates/certificates.module';
@Module({})
export class AppModule {
  static forRoot(
    config: CertificateServiceConfig,
    env: Record<string, string | undefined> = process.env,
  ): DynamicModule {
    return {
      module: AppModule,
      imports: [
        MetricsModule.forRoot('certificate-service'),
        MongoModule.forRoot({ url: config.MONGO_URL, database: config.MONGO_DB }),
        KafkaModule.forRoot({
          clientId: 'certificate-service',
          brokers: config.KAFKA_BROKERS,
          topicPrefix: config.KAFKA_TOPIC_PREFIX,
        }),
        EventStoreModule.forRoot(eventStoreOptions(config)),
        // The CAs (CERTIFICATE_AUTHORITIES_FILE, each client secret from the variable it names in `env`), checked at start.
        CertificateAuthoritiesModule.forRoot(
          loadCertificateAuthorities({ ...env, CERTIFICATE_AUTHORITIES_FILE: config.CERTIFICATE_AUTHORITIES_FILE }),
        ),
        CertificatesModule.forRoot(
          {
            intervalSeconds: config.EXPIRY_CHECK_INTERVAL_SECONDS,
            thresholdsDays: config.ACCESS_WARNING_DAYS,
            concurrency: config.EXPIRY_CHECK_CONCURRENCY,
          },
          { ttlSeconds: config.LEASE_TTL_SECONDS },
          config.CONSUMER_GROUP,
          config.CA_TOKEN_KEY,
        ),
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
