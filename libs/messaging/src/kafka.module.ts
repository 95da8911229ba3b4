import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { topicNames } from '@signstash/contracts';
import { createKafka, KafkaOptions } from './kafka-connection';
import { KafkaPublisher } from './kafka-publisher';

export const KAFKA = Symbol('KAFKA');
/** The integration topics' names in this environment (`TopicNames`, under the configured prefix). */
export const TOPICS = Symbol('TOPICS');

/** The service's Kafka client, and one shared publisher (e.g. for its relay) closed at shutdown. */
@Global()
@Module({})
export class KafkaModule implements OnApplicationShutdown {
  constructor(@Inject(KafkaPublisher) private readonly publisher: KafkaPublisher) {}

  static forRoot(options: KafkaOptions & { topicPrefix?: string }): DynamicModule {
    return {
      module: KafkaModule,
      providers: [
        { provide: KAFKA, useValue: createKafka(options) },
        { provide: TOPICS, useValue: topicNames(options.topicPrefix) },
        {
          provide: KafkaPublisher,
          inject: [KAFKA],
          useFactory: (kafka: ReturnType<typeof createKafka>) => new KafkaPublisher(kafka),
        },
      ],
      exports: [KAFKA, TOPICS, KafkaPublisher],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.publisher.close();
  }
}
