import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Db } from 'mongodb';
import { Kafka } from 'kafkajs';
import { HealthModule, MONGO_DB, mongoProbe, WorkersModule } from '@signstash/platform';
import { engineModules, KAFKA, kafkaProbe, RelayLeases, TOPICS } from '@signstash/messaging';
import type { CertificateServiceRoutes, ClientServiceServiceRoutes, NotificationServiceRoutes } from '@signstash/api';
import type { TopicNames } from '@signstash/contracts';
import { BackofficeGatewayConfig } from './backoffice-gateway.config';
import { SessionStore } from './auth/session.store';
import { LoginThrottle } from './auth/login-throttle';
import { SessionGuard } from './auth/session.guard';
import { SessionController } from './auth/session.controller';
import { SESSION_COOKIE_SECURE, SESSION_LIFETIMES } from './auth/auth.tokens';
import { OperatorDirectory } from './operators/operator-directory.service';
import { OPERATOR_OUTBOX_LEASES, OPERATOR_OUTBOX_PART, OperatorOutboxRelay } from './operators/operator-outbox.relay';
import { BACKOFFICE_GATEWAY_PARTS } from './backoffice-gateway.parts';
import {
  CERTIFICATE_SERVICE,
  CLIENT_SERVICE_SERVICE,
  DownstreamClient,
  NOTIFICATION_SERVICE,
} from './downstream/downstream.client';
import { CertificatesController } from './certificates/certificates.http.controller';
import { CaAccessController } from './certificates/ca-access.http.controller';
import { CertificateExportController } from './certificates/certificate-export.http.controller';
import { ClientServicesController } from './client-services/client-services.http.controller';
import { AttentionController } from './attention/attention.http.controller';
import { EventsController } from './live/events.http.controller';
import { SettingsController } from './settings/settings.http.controller';
import { LiveEventsHub } from './live/live-events.hub';

const serviceProbe = (client: string, baseUrl: string) => ({
  name: client,
  check: async () => {
    const response = await fetch(new URL('/health/live', baseUrl), { signal: AbortSignal.timeout(2000) });
    if (!response.ok) throw new Error(`answered ${response.status}`);
  },
});

@Module({})
export class AppModule {
  static forRoot(config: BackofficeGatewayConfig): DynamicModule {
    const parts = BACKOFFICE_GATEWAY_PARTS;
    const operators: DynamicModule = {
      module: class OperatorsModule {},
      providers: [
        OperatorDirectory,
        OperatorOutboxRelay,
        {
          provide: OPERATOR_OUTBOX_LEASES,
          inject: [MONGO_DB],
          useFactory: (db: Db) => new RelayLeases(db, { ttlMs: config.LEASE_TTL_SECONDS * 1000 }),
        },
        { provide: OPERATOR_OUTBOX_PART, useValue: parts.outboxRelays.operators },
      ],
      exports: [OperatorDirectory, OperatorOutboxRelay],
    };
    const live: DynamicModule = {
      module: class LiveModule {},
      providers: [
        {
          provide: LiveEventsHub,
          inject: [KAFKA, TOPICS],
          useFactory: (kafka: Kafka, topics: TopicNames) => new LiveEventsHub(kafka, topics, parts.broadcasts.live),
        },
      ],
      exports: [LiveEventsHub],
    };
    return {
      module: AppModule,
      imports: [
        ...engineModules('backoffice-gateway', config),
        HealthModule.forRoot({
          inject: [MONGO_DB, KAFKA],
          probes: (db: Db, kafka: Kafka) => [
            mongoProbe(db),
            kafkaProbe(kafka),
            serviceProbe('certificate-service', config.CERTIFICATE_SERVICE_URL),
            serviceProbe('client-service-service', config.CLIENT_SERVICE_SERVICE_URL),
            serviceProbe('notification-service', config.NOTIFICATION_SERVICE_URL),
          ],
        }),
        operators,
        live,
        WorkersModule.register({
          imports: [operators, live],
          inject: [OperatorOutboxRelay, LiveEventsHub],
          useFactory: (relay: OperatorOutboxRelay, liveEvents: LiveEventsHub) => [relay, liveEvents],
        }),
      ],
      controllers: [
        SessionController,
        CertificateExportController,
        CertificatesController,
        CaAccessController,
        ClientServicesController,
        AttentionController,
        EventsController,
        SettingsController,
      ],
      providers: [
        SessionStore,
        LoginThrottle,
        { provide: APP_GUARD, useClass: SessionGuard },
        { provide: SESSION_COOKIE_SECURE, useValue: config.httpsOnly },
        {
          provide: SESSION_LIFETIMES,
          useValue: {
            idleMs: config.SESSION_IDLE_MINUTES * 60_000,
            absoluteMs: config.SESSION_ABSOLUTE_HOURS * 3_600_000,
          },
        },
        {
          provide: CERTIFICATE_SERVICE,
          useValue: new DownstreamClient<CertificateServiceRoutes>(
            'certificate service',
            config.CERTIFICATE_SERVICE_URL,
          ),
        },
        {
          provide: CLIENT_SERVICE_SERVICE,
          useValue: new DownstreamClient<ClientServiceServiceRoutes>(
            'client service service',
            config.CLIENT_SERVICE_SERVICE_URL,
          ),
        },
        {
          provide: NOTIFICATION_SERVICE,
          useValue: new DownstreamClient<NotificationServiceRoutes>(
            'notification service',
            config.NOTIFICATION_SERVICE_URL,
          ),
        },
      ],
    };
  }
}
