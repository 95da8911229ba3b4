import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { Registry } from 'prom-client';
import { KAFKA, registerMessagingMetrics } from '@signstash/messaging';
import { BACKGROUND_WORKERS, BackgroundWorker, gaugeFrom, METRICS_REGISTRY } from '@signstash/platform';
import { PROJECTION_RUNNERS, READ_MODELS, registerProjectionMetrics } from '@signstash/read-model';
import type { ProjectionRunner, ReadModelResolver } from '@signstash/read-model';
import { CERTIFICATE_LIST } from './certificate-list/certificate-list.projection';
import type { CertificateListDocument } from './certificate-list/certificate-list.document';
import { ExpiryScheduler } from './expiry-scheduler/expiry-scheduler.service';

/**
 * Projection and relay lag, who runs the scheduler and each certificate's access expiry, read at
 * scrape time; command counts are pushed by the command service.
 */
@Injectable()
export class CertificateMetrics implements OnModuleInit {
  constructor(
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(BACKGROUND_WORKERS) private readonly workers: BackgroundWorker[],
    @Inject(PROJECTION_RUNNERS) private readonly projections: ProjectionRunner[],
    private readonly scheduler: ExpiryScheduler,
    @Inject(READ_MODELS) private readonly readModels: ReadModelResolver,
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
    // Like cert-manager's expiration gauge: read from the list read model at each scrape, so a renewal
    // or an alias change shows at the next scrape and a certificate gone from the read model leaves no series.
    gaugeFrom(
      this.registry,
      'signstash_certificate_access_expiry_timestamp_seconds',
      'When the CA access of each certificate expires (seconds since the epoch)',
      () => this.accessExpiries(),
      ['issuer', 'certificate_id', 'alias'],
    );
  }

  private async accessExpiries() {
    const collection = await this.readModels.collection<CertificateListDocument>(CERTIFICATE_LIST);
    const documents = collection.find({}, { projection: { issuerId: 1, alias: 1, accessExpiresAt: 1 } });
    const samples = [];
    for await (const { _id, issuerId, alias, accessExpiresAt } of documents)
      samples.push({
        labels: { issuer: issuerId, certificate_id: _id, alias },
        value: accessExpiresAt.getTime() / 1000,
      });
    return samples;
  }
}
