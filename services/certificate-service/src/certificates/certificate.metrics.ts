import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { Counter, Registry } from 'prom-client';
import { KAFKA, MESSAGING_WORKERS, MessagingWorker, registerMessagingMetrics } from '@signstash/messaging';
import { METRICS_REGISTRY } from '@signstash/platform';
import { registerProjectionMetrics } from '@signstash/read-model';
import type { ProjectionRunner } from '@signstash/read-model';
import { CERTIFICATE_PROJECTIONS } from './read-your-writes';

/** Projection and relay lag, read at scrape time; command counts are pushed by the command service. */
@Injectable()
export class CertificateMetrics implements OnModuleInit {
  constructor(
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(MESSAGING_WORKERS) private readonly workers: MessagingWorker[],
    @Inject(CERTIFICATE_PROJECTIONS) private readonly projections: ProjectionRunner[],
  ) {}

  onModuleInit() {
    registerMessagingMetrics(this.registry, this.kafka, this.workers);
    registerProjectionMetrics(this.registry, this.projections);
  }
}
