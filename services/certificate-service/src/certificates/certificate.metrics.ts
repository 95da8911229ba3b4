import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { Registry } from 'prom-client';
import { KAFKA, registerMessagingMetrics } from '@signstash/messaging';
import { BACKGROUND_WORKERS, BackgroundWorker, gaugeFrom, METRICS_REGISTRY } from '@signstash/platform';
import { PROJECTION_RUNNERS, registerProjectionMetrics } from '@signstash/read-model';
import type { ProjectionRunner } from '@signstash/read-model';
import { ExpiryScheduler } from './expiry-scheduler/expiry-scheduler.service';

/** Projection and relay lag and who runs the scheduler, read at scrape time; command counts are pushed by the command service. */
@Injectable()
export class CertificateMetrics implements OnModuleInit {
  constructor(
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(BACKGROUND_WORKERS) private readonly workers: BackgroundWorker[],
    @Inject(PROJECTION_RUNNERS) private readonly projections: ProjectionRunner[],
    private readonly scheduler: ExpiryScheduler,
  ) {}

  onModuleInit() {
    registerMessagingMetrics(this.registry, this.kafka, this.workers);
    registerProjectionMetrics(this.registry, this.projections);
    gaugeFrom(
      this.registry,
      'signstash_expiry_scheduler_leader',
      'Whether this replica runs the expiry passes (holds the scheduler lease): 1 or 0',
      () => [{ value: this.scheduler.active ? 1 : 0 }],
    );
  }
}
