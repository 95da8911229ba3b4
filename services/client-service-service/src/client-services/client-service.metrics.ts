import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { Counter, Registry } from 'prom-client';
import { KAFKA, registerMessagingMetrics } from '@signstash/messaging';
import { BACKGROUND_WORKERS, BackgroundWorker, gaugeFrom, METRICS_REGISTRY } from '@signstash/platform';
import { ProjectionRunner, READ_MODELS, ReadModelResolver, registerProjectionMetrics } from '@signstash/read-model';
import { CLIENT_SERVICE_LIST, ClientServiceListDocument } from './client-service-list/client-service-list.projection';

/** Counts client services suspended because a certificate's access expired. */
export const SUSPENSIONS = Symbol('SUSPENSIONS');
export const suspensionsCounter = (registry: Registry) =>
  new Counter({
    name: 'signstash_client_service_suspensions_total',
    help: 'Client services suspended by a certificate access expiry',
    registers: [registry],
  });

/** Consumer, relay and projection series, and active client services per certificate, read at scrape time. */
@Injectable()
export class ClientServiceMetrics implements OnModuleInit {
  constructor(
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(BACKGROUND_WORKERS) private readonly workers: BackgroundWorker[],
    @Inject(READ_MODELS) private readonly readModels: ReadModelResolver,
  ) {}

  onModuleInit() {
    registerMessagingMetrics(this.registry, this.kafka, this.workers);
    registerProjectionMetrics(
      this.registry,
      this.workers.filter((worker): worker is ProjectionRunner => worker instanceof ProjectionRunner),
    );
    // Certificates with none active have no series: the alert on expired certificates still signing joins on it.
    gaugeFrom(
      this.registry,
      'signstash_certificate_active_client_services',
      'Active client services signing with each certificate (only certificates that have some)',
      () => this.activeByCertificate(),
      ['issuer', 'certificate_id'],
    );
  }

  private async activeByCertificate() {
    const counts = new Map<string, { issuer: string; certificate_id: string; value: number }>();
    const documents = (await this.readModels.collection<ClientServiceListDocument>(CLIENT_SERVICE_LIST)).find(
      { status: 'ACTIVE' },
      { projection: { issuerId: 1, certificateId: 1 } },
    );
    for await (const { issuerId, certificateId } of documents) {
      const count = counts.get(certificateId) ?? { issuer: issuerId, certificate_id: certificateId, value: 0 };
      count.value += 1;
      counts.set(certificateId, count);
    }
    return [...counts.values()].map(({ value, ...labels }) => ({ labels, value }));
  }
}
