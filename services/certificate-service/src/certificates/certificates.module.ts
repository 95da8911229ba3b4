import { DynamicModule, Module } from '@nestjs/common';
import { Db } from 'mongodb';
import type { Kafka } from 'kafkajs';
import type { TopicNames } from '@signstash/contracts';
import { EVENT_STORE, EventStore } from '@signstash/event-store';
import { ConsumerInbox, eventRelay, KAFKA, kafkaConsumer, KafkaPublisher, TOPICS } from '@signstash/messaging';
import { clockProvider, MONGO_DB, MongoLease, WorkersModule } from '@signstash/platform';
import {
  ProjectionRunner,
  PROJECTION_RUNNERS,
  READ_MODELS,
  ReadModelModule,
  ReadModelResolver,
} from '@signstash/read-model';
import { CERTIFICATE_SERVICE_PARTS } from '../certificate-service.parts';
import { CertificateCommands } from './certificate-commands.service';
import { CertificateQueries } from './certificate.queries';
import { CERTIFICATE_LIST } from './certificate-list/certificate-list.projection';
import type { CertificateListDocument } from './certificate-list/certificate-list.document';
import { RegisterCertificateController } from './register-certificate/register-certificate.http.controller';
import { CertificateUpdatesController } from './certificate-updates.http.controller';
import { CertificateReadsController } from './certificate-reads.http.controller';
import { AttentionController } from './attention/attention.http.controller';
import { CertificateExportController } from './certificate-export/certificate-export.http.controller';
import {
  EXPIRY_SCHEDULER_LEASE,
  EXPIRY_SCHEDULER_OPTIONS,
  ExpiryScheduler,
  ExpirySchedulerOptions,
} from './expiry-scheduler/expiry-scheduler.service';
import { EXPIRY_CANDIDATES } from './expiry-scheduler/expiry-candidates.port';
import { ReadModelExpiryCandidates } from './expiry-scheduler/read-model-expiry-candidates.adapter';
import { CertificateMetrics } from './certificate.metrics';
import { certificateOwnership } from './certificate-ownership';
import { FingerprintReservations } from './fingerprint-reservations';
import { ClientServiceEffects } from './client-service-effects/client-service-effects';
import { WARNING_DEFAULTS, WarningThresholds } from './warning-thresholds/warning-thresholds.service';
import { WarningThresholdsController } from './warning-thresholds/warning-thresholds.http.controller';
import { caAccessProviders } from '../ca-access/ca-access.providers';
import { CaAccessController } from '../ca-access/ca-access.http.controller';
import { SignatureUsageStore } from './signature-usage/signature-usage.store';
import { SignatureUsage } from './signature-usage/signature-usage';

/** Certificates: commands, read models, the expiry scheduler and the relay to Kafka. */
@Module({})
export class CertificatesModule {
  static forRoot(
    scheduler: ExpirySchedulerOptions,
    leases: { ttlSeconds: number },
    consumerGroup = 'certificate-service',
    caTokenKey?: string,
  ): DynamicModule {
    const parts = CERTIFICATE_SERVICE_PARTS;
    const readModels = ReadModelModule.forRoot({ projections: parts.projections });
    const providers = [
      certificateOwnership,
      CertificateCommands,
      CertificateQueries,
      ClientServiceEffects,
      FingerprintReservations,
      ExpiryScheduler,
      WarningThresholds,
      SignatureUsageStore,
      SignatureUsage,
      clockProvider,
      { provide: WARNING_DEFAULTS, useValue: scheduler.thresholdsDays },
      {
        provide: EXPIRY_CANDIDATES,
        inject: [READ_MODELS],
        useFactory: (readers: ReadModelResolver) =>
          new ReadModelExpiryCandidates(() => readers.collection<CertificateListDocument>(CERTIFICATE_LIST)),
      },
      { provide: EXPIRY_SCHEDULER_OPTIONS, useValue: scheduler },
      ...caAccessProviders(caTokenKey),
      {
        provide: EXPIRY_SCHEDULER_LEASE,
        inject: [MONGO_DB],
        useFactory: (db: Db) =>
          new MongoLease(db, 'expiry-scheduler', {
            ttlMs: leases.ttlSeconds * 1000,
            collectionName: 'scheduler_leases',
          }),
      },
    ];
    const core: DynamicModule = {
      module: class CertificatesCoreModule {},
      imports: [readModels],
      providers,
      exports: [readModels, ...providers.map((provider) => ('provide' in provider ? provider.provide : provider))],
    };
    return {
      module: CertificatesModule,
      imports: [
        core,
        WorkersModule.register({
          imports: [core],
          inject: [
            PROJECTION_RUNNERS,
            EVENT_STORE,
            KafkaPublisher,
            MONGO_DB,
            TOPICS,
            ExpiryScheduler,
            KAFKA,
            ClientServiceEffects,
            SignatureUsage,
          ],
          useFactory: (
            runners: ProjectionRunner[],
            store: EventStore,
            publisher: KafkaPublisher,
            db: Db,
            topics: TopicNames,
            expiryScheduler: ExpiryScheduler,
            kafka: Kafka,
            effects: ClientServiceEffects,
            usage: SignatureUsage,
          ) => [
            ...runners,
            ...parts.relays.map((relay) =>
              eventRelay(relay, { store, publisher, db, topics }, leases.ttlSeconds * 1000),
            ),
            expiryScheduler,
            kafkaConsumer(
              parts.consumers.clientServices,
              { effects },
              { kafka, inbox: new ConsumerInbox(db), topics, serviceGroup: consumerGroup },
            ),
            kafkaConsumer(
              parts.consumers.signatures,
              { usage },
              { kafka, inbox: new ConsumerInbox(db), topics, serviceGroup: consumerGroup },
            ),
          ],
        }),
      ],
      controllers: [
        RegisterCertificateController,
        CertificateUpdatesController,
        CertificateReadsController,
        AttentionController,
        CertificateExportController,
        WarningThresholdsController,
        CaAccessController,
      ],
      providers: [CertificateMetrics],
      exports: [core],
    };
  }
}
