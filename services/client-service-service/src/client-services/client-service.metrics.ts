import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { Counter, Registry } from 'prom-client';
import { KAFKA, registerMessagingMetrics } from '@signstash/messaging';
import { BACKGROUND_WORKERS, BackgroundWorker, METRICS_REGISTRY } from '@signstash/platform';
import { ProjectionRunner, registerProjectionMetrics } from '@signstash/read-model';

/** Counts client services suspended because a certificate's access expired. */
export const SUSPENSIONS = Symbol('SUSPENSIONS');
export const suspensionsCounter = (registry: Registry) =>
  new Counter({
    name: 'signstash_client_service_suspensions_total',
    help: 'Client services suspended by a certificate access expiry',
    registers: [registry],
  });

/** Consumer, relay and projection series, read at scrape time from the workers. */
@Injectable()
export class ClientServiceMetrics implements OnModuleInit {
  constructor(
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(BACKGROUND_WORKERS) private readonly workers: BackgroundWorker[],
  ) {}

  onModuleInit() {
    registerMessagingMetrics(this.registry, this.kafka, this.workers);
    registerProjectionMetrics(
      this.registry,
      this.workers.filter((worker): worker is ProjectionRunner => worker instanceof ProjectionRunner),
    );
  }
}
