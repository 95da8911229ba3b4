import { DynamicModule, Global, Module } from '@nestjs/common';
import { createKafka, KafkaOptions } from './kafka-connection';

export const KAFKA = Symbol('KAFKA');

@Global()
@Module({})
export class KafkaModule {
  static forRoot(options: KafkaOptions): DynamicModule {
    return {
      module: KafkaModule,
      providers: [{ provide: KAFKA, useValue: createKafka(options) }],
      exports: [KAFKA],
    };
  }
}
