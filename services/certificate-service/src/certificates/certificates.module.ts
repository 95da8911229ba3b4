import { DynamicModule, Module } from '@nestjs/common';
import { Db } from 'mongodb';
import type { TopicNames } from '@signstash/contracts';
import { EVENT_STORE, EventStore } from '@signstash/event-store';
import {
  EventRelay,
  KafkaPublisher,
  MessagingWorkersModule,
  RelayCheckpoints,
  RelayLeases,
  TOPICS,
} from '@signstash/messaging';
import { clockProvider, MONGO_DB, MongoLease } from '@signstash/platform';
import { ProjectionRunner, ReadModelResolver } from '@signstash/read-model';
import { CertificateCommands } from './certificate-commands.service';
import { CertificateQueries, READ_MODELS } from './certificate.queries';
import { certificateListProjection, CERTIFICATE_LIST } from './certificate-list/certificate-list.projection';
import { certificateDetailProjection } from './certificate-detail/certificate-detail.projection';
import { certificateHistoryProjection } from './certificate-history/certificate-history.projection';
import type { CertificateListDocument } from './certificate-list/certificate-list.document';
import { RegisterCertificateController } from './register-certificate/register-certificate.http.controller';
import { CertificateUpdatesController } from './certificate-updates.http.controller';
import { CertificateReadsController } from './certificate-reads.http.controller';
import { CertificateExportController } from './certificate-export/certificate-export.http.controller';
import {
  EXPIRY_SCHEDULER_LEASE,
  EXPIRY_SCHEDULER_OPTIONS,
  ExpiryScheduler,
  ExpirySchedulerOptions,
} from './expiry-scheduler/expiry-scheduler.service';
import { EXPIRY_CANDIDATES } from './expiry-scheduler/expiry-candidates.port';
import { ReadModelExpiryCandidates } from './expiry-scheduler/read-model-expiry-candidates.adapter';
import { toCertificateEnvelope } from './relay/certificate-envelope.mapper';
import { CERTIFICATE_PROJECTIONS } from './read-your-writes';
import { CertificateMetrics } from './certificate.metrics';
import { certificateOwnership } from './certificate-ownership';
import { CERTIFICATE_EVENTS } from './certificate.stream';

/** Certificates: commands, read models, the expiry scheduler and the relay to Kafka. */
@Module({})
export class CertificatesModule {
  static forRoot(scheduler: ExpirySchedulerOptions, leases: { ttlSeconds: number }): DynamicModule {
    const projections = {
      provide: CERTIFICATE_PROJECTIONS,
      inject: [EVENT_STORE, MONGO_DB],
      useFactory: (store: EventStore, db: Db) =>
        [certificateListProjection, certificateDetailProjection, certificateHistoryProjection].map(
          (projection) => new ProjectionRunner(store, db, projection),
        ),
    };
    const providers = [
      projections,
      certificateOwnership,
      CertificateCommands,
      CertificateQueries,
      ExpiryScheduler,
      clockProvider,
      { provide: READ_MODELS, inject: [MONGO_DB], useFactory: (db: Db) => new ReadModelResolver(db) },
      {
        provide: EXPIRY_CANDIDATES,
        inject: [READ_MODELS],
        useFactory: (readModels: ReadModelResolver) =>
          new ReadModelExpiryCandidates(() => readModels.collection<CertificateListDocument>(CERTIFICATE_LIST)),
      },
      { provide: EXPIRY_SCHEDULER_OPTIONS, useValue: scheduler },
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
      providers,
      exports: providers.map((provider) => ('provide' in provider ? provider.provide : provider)),
    };
    return {
      module: CertificatesModule,
      imports: [
        core,
        MessagingWorkersModule.register({
          imports: [core],
          inject: [CERTIFICATE_PROJECTIONS, EVENT_STORE, KafkaPublisher, MONGO_DB, TOPICS],
          useFactory: (
            runners: ProjectionRunner[],
            store: EventStore,
            publisher: KafkaPublisher,
            db: Db,
            topics: TopicNames,
          ) => [
            ...runners,
            new EventRelay(store, publisher, new RelayCheckpoints(db), {
              name: 'certificates-to-kafka',
              topic: topics.certificates,
              filter: CERTIFICATE_EVENTS,
              toEnvelope: toCertificateEnvelope,
              leases: new RelayLeases(db, { ttlMs: leases.ttlSeconds * 1000 }),
            }),
          ],
        }),
      ],
      controllers: [
        RegisterCertificateController,
        CertificateUpdatesController,
        CertificateReadsController,
        CertificateExportController,
      ],
      providers: [CertificateMetrics],
      exports: [core],
    };
  }
}
