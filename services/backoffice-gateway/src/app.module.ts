import { DynamicModule, Module } from '@nestjs/common';
import { Db } from 'mongodb';
import { Kafka } from 'kafkajs';
import { HealthModule, MONGO_DB, MongoModule, mongoProbe } from '@signstash/platform';
import { KAFKA, KafkaModule, kafkaProbe } from '@signstash/messaging';
import { BackofficeGatewayConfig } from './backoffice-gateway.config';

@Module({})
export class AppModule {
  static forRoot(config: BackofficeGatewayConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        MongoModule.forRoot({ url: config.MONGO_URL, database: config.MONGO_DB }),
        KafkaModule.forRoot({ clientId: 'backoffice-gateway', brokers: config.KAFKA_BROKERS }),
        HealthModule.forRoot({
          inject: [MONGO_DB, KAFKA],
          probes: (db: Db, kafka: Kafka) => [mongoProbe(db), kafkaProbe(kafka)],
        }),
      ],
    };
  }
}
