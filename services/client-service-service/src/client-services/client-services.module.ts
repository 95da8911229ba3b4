import { DynamicModule, Module } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { Db } from 'mongodb';
import type { TopicNames } from '@signstash/contracts';
import { EVENT_STORE, EventStore } from '@signstash/event-store';
import { ConsumerInbox, eventRelay, KAFKA, kafkaConsumer, KafkaPublisher, TOPICS } from '@signstash/messaging';
import { clockProvider, METRICS_REGISTRY, MONGO_DB, WorkersModule } from '@signstash/platform';
import { ProjectionRunner, PROJECTION_RUNNERS, ReadModelModule } from '@signstash/read-model';
import { CLIENT_SERVICE_SERVICE_PARTS } from '../client-service-service.parts';
import { CertificateViews } from '../certificate-view/certificate-view';
import { ClientServiceCommands } from './client-service-commands.service';
import { clientServiceListProjection } from './client-service-list/client-service-list.projection';
import { ClientServiceQueries } from './client-service-list/client-service.queries';
import { ClientServiceReactivation } from './reactivation/client-service-reactivation.service';
import { AccessExpiryReaction } from './access-expiry/access-expiry.reaction';
import { ClientServicesByCertificate } from './access-expiry/client-services-by-certificate';
import { ClientServicesController } from './client-services.http.controller';
import { ClientServiceHistory } from './client-service-history/client-service-history.query';
import { ownershipProviders } from './client-service-ownership';
import { LIST_RUNNER } from './client-service-list/list-runner';
import { ClientServiceMetrics, SUSPENSIONS, suspensionsCounter } from './client-service.metrics';

/** Client services: commands, the list read model, the certificate view and the reaction to expiries. */
@Module({})
export class ClientServicesModule {
  static forRoot(consumerGroup: string, leases: { ttlSeconds: number }): DynamicModule {
    const parts = CLIENT_SERVICE_SERVICE_PARTS;
    const readModels = ReadModelModule.forRoot({ projections: parts.projections });
    const providers = [
      CertificateViews,
      ...ownershipProviders,
      ClientServiceCommands,
      ClientServiceQueries,
      ClientServiceReactivation,
      ClientServiceHistory,
      AccessExpiryReaction,
      ClientServicesByCertificate,
      clockProvider,
      { provide: SUSPENSIONS, inject: [METRICS_REGISTRY], useFactory: suspensionsCounter },
      {
        provide: LIST_RUNNER,
        inject: [PROJECTION_RUNNERS],
        useFactory: (runners: ProjectionRunner[]) =>
          runners.find((runner) => runner.projection === clientServiceListProjection),
      },
    ];
    const core: DynamicModule = {
      module: class ClientServicesCoreModule {},
      imports: [readModels],
      providers,
      exports: [readModels, ...providers.map((p) => ('provide' in p ? p.provide : p))],
    };
    const workers = WorkersModule.register({
      imports: [core],
      inject: [
        PROJECTION_RUNNERS,
        EVENT_STORE,
        KafkaPublisher,
        MONGO_DB,
        KAFKA,
        CertificateViews,
        AccessExpiryReaction,
        TOPICS,
      ],
      useFactory: (
        runners: ProjectionRunner[],
        store: EventStore,
        publisher: KafkaPublisher,
        db: Db,
        kafka: Kafka,
        views: CertificateViews,
        reaction: AccessExpiryReaction,
        topics: TopicNames,
      ) => {
        const engines = { kafka, inbox: new ConsumerInbox(db), topics, serviceGroup: consumerGroup };
        return [
          ...runners,
          ...parts.relays.map((relay) => eventRelay(relay, { store, publisher, db, topics }, leases.ttlSeconds * 1000)),
          kafkaConsumer(parts.consumers.certificates, { views, reaction }, engines),
        ];
      },
    });
    return {
      module: ClientServicesModule,
      imports: [core, workers],
      controllers: [ClientServicesController],
      providers: [ClientServiceMetrics],
      exports: [core],
    };
  }
}
