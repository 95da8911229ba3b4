import { DynamicModule, Module } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { Db } from 'mongodb';
import type { CertificateEnvelope, CertificateIntegrationEvent, TopicNames } from '@signstash/contracts';
import { EVENT_STORE, EventStore } from '@signstash/event-store';
import {
  ConsumerInbox,
  topicHandlers,
  EventRelay,
  KAFKA,
  KafkaEventConsumer,
  KafkaPublisher,
  MessagingWorkersModule,
  RelayCheckpoints,
  RelayLeases,
  TOPICS,
} from '@signstash/messaging';
import { clockProvider, METRICS_REGISTRY, MONGO_DB } from '@signstash/platform';
import { ProjectionRunner, ReadModelResolver } from '@signstash/read-model';
import { CertificateViews } from '../certificate-view/certificate-view';
import { ClientServiceCommands } from './client-service-commands.service';
import {
  CLIENT_SERVICE_LIST,
  clientServiceListProjection,
  ClientServiceListDocument,
} from './client-service-list/client-service-list.projection';
import {
  CLIENT_SERVICE_LIST as LIST_COLLECTION,
  ClientServiceQueries,
} from './client-service-list/client-service.queries';
import { ClientServiceReactivation } from './reactivation/client-service-reactivation.service';
import { AccessExpiryReaction } from './access-expiry/access-expiry.reaction';
import { ClientServicesByCertificate } from './access-expiry/client-services-by-certificate';
import { ClientServicesController } from './client-services.http.controller';
import { ownershipProviders } from './client-service-ownership';
import { toClientServiceEnvelope } from './relay/client-service-envelope.mapper';
import { LIST_RUNNER } from './client-service-list/list-runner';
import { ClientServiceMetrics, SUSPENSIONS, suspensionsCounter } from './client-service.metrics';
import { CLIENT_SERVICE_EVENTS } from './client-service.stream';

/** Client services: commands, the list read model, the certificate view and the reaction to expiries. */
@Module({})
export class ClientServicesModule {
  static forRoot(consumerGroup: string, leases: { ttlSeconds: number }): DynamicModule {
    const providers = [
      CertificateViews,
      ...ownershipProviders,
      ClientServiceCommands,
      ClientServiceQueries,
      ClientServiceReactivation,
      AccessExpiryReaction,
      ClientServicesByCertificate,
      clockProvider,
      { provide: SUSPENSIONS, inject: [METRICS_REGISTRY], useFactory: suspensionsCounter },
      {
        provide: LIST_RUNNER,
        inject: [EVENT_STORE, MONGO_DB],
        useFactory: (store: EventStore, db: Db) => new ProjectionRunner(store, db, clientServiceListProjection),
      },
      {
        provide: LIST_COLLECTION,
        inject: [MONGO_DB],
        useFactory: (db: Db) => {
          const readModels = new ReadModelResolver(db);
          return () => readModels.collection<ClientServiceListDocument>(CLIENT_SERVICE_LIST);
        },
      },
    ];
    const core: DynamicModule = {
      module: class ClientServicesCoreModule {},
      providers,
      exports: providers.map((p) => ('provide' in p ? p.provide : p)),
    };
    const workers = MessagingWorkersModule.register({
      imports: [core],
      inject: [
        LIST_RUNNER,
        EVENT_STORE,
        KafkaPublisher,
        MONGO_DB,
        KAFKA,
        CertificateViews,
        AccessExpiryReaction,
        TOPICS,
      ],
      useFactory: (
        runner: ProjectionRunner,
        store: EventStore,
        publisher: KafkaPublisher,
        db: Db,
        kafka: Kafka,
        views: CertificateViews,
        reaction: AccessExpiryReaction,
        topics: TopicNames,
      ) => {
        const view = (envelope: CertificateEnvelope) => views.apply(envelope);
        return [
          runner,
          new EventRelay(store, publisher, new RelayCheckpoints(db), {
            name: 'client-services-to-kafka',
            topic: topics.clientServices,
            filter: CLIENT_SERVICE_EVENTS,
            toEnvelope: toClientServiceEnvelope,
            leases: new RelayLeases(db, { ttlMs: leases.ttlSeconds * 1000 }),
          }),
          new KafkaEventConsumer(kafka, new ConsumerInbox(db), {
            groupId: consumerGroup,
            topics: [topics.certificates],
            handlers: topicHandlers<CertificateIntegrationEvent>({
              CertificateRegistered: view,
              CertificateDetailsChanged: view,
              CertificateStatusChanged: view,
              AccessRenewed: view,
              AccessExpiring: view,
              AccessExpired: async (envelope) => void (await reaction.onAccessExpired(envelope)),
            }),
          }),
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
