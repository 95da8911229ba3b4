import type { Kafka } from 'kafkajs';
import type { Db, MongoClient } from 'mongodb';
import { TopicNames, topicNames } from '@signstash/contracts';
import { EventStore, EventStoreConfig, eventStoreOptions, openEventStore } from '@signstash/event-store';
import { createKafka, ServiceParts } from '@signstash/messaging';
import { connectMongo, loadConfig } from '@signstash/platform';
import { engineSettings } from '../engines/settings';
import { SERVICES, serviceEnv } from '../run/service-env';
import { CertificateServiceConfig } from '../../services/certificate-service/src/certificate-service.config';
import { ClientServiceServiceConfig } from '../../services/client-service-service/src/client-service-service.config';
import { NotificationServiceConfig } from '../../services/notification-service/src/notification-service.config';
import { CERTIFICATE_SERVICE_PARTS } from '../../services/certificate-service/src/certificate-service.parts';
import { CLIENT_SERVICE_SERVICE_PARTS } from '../../services/client-service-service/src/client-service-service.parts';
import { NOTIFICATION_SERVICE_PARTS } from '../../services/notification-service/src/notification-service.parts';

export type OpsService = 'certificate-service' | 'client-service-service' | 'notification-service';

/** What each service runs: the very declarations their modules wire. */
export const SERVICE_PARTS: Record<OpsService, ServiceParts> = {
  'certificate-service': CERTIFICATE_SERVICE_PARTS,
  'client-service-service': CLIENT_SERVICE_SERVICE_PARTS,
  'notification-service': NOTIFICATION_SERVICE_PARTS,
};

/** The engines of one service, opened with the variables the service itself reads. */
export interface OpsContext {
  service: OpsService;
  db: Db;
  /** Only for the event-sourced services. */
  store?: EventStore;
  kafka: Kafka;
  topics: TopicNames;
  /** The service's CONSUMER_GROUP (its consumers' group ids derive from it). */
  consumerGroup?: string;
  close(): Promise<void>;
}

const CONFIGS = {
  'certificate-service': CertificateServiceConfig,
  'client-service-service': ClientServiceServiceConfig,
  'notification-service': NotificationServiceConfig,
};

/**
 * Defaults are what `npm start` gives the service (local engines, `.run/data`); any variable set in
 * the shell wins, so in production the ops job gets the service's own ConfigMap and Secret.
 */
export function serviceConfig(service: OpsService, env: NodeJS.ProcessEnv = process.env) {
  const port = SERVICES.find((s) => s.name === service)!.port;
  const defaults = serviceEnv(engineSettings(env), service, port, env);
  const config = loadConfig(service, CONFIGS[service] as new () => object, { ...defaults, ...env });
  return config as Partial<CertificateServiceConfig & ClientServiceServiceConfig & NotificationServiceConfig>;
}

export async function openOpsContext(service: OpsService, env: NodeJS.ProcessEnv = process.env): Promise<OpsContext> {
  const config = serviceConfig(service, env);
  const { client, db } = await connectMongo({ url: config.MONGO_URL!, database: config.MONGO_DB! });
  const store =
    service === 'notification-service' ? undefined : openEventStore(eventStoreOptions(config as EventStoreConfig));
  return fromParts({
    service,
    db,
    client,
    store,
    brokers: config.KAFKA_BROKERS!,
    prefix: config.KAFKA_TOPIC_PREFIX,
    consumerGroup: config.CONSUMER_GROUP,
  });
}

/** Tests hand in engines they already hold; the context then closes only what it opened (Kafka). */
export function fromParts(parts: {
  service: OpsService;
  db: Db;
  client?: MongoClient;
  store?: EventStore;
  brokers: string[];
  prefix?: string;
  consumerGroup?: string;
}): OpsContext {
  return {
    service: parts.service,
    db: parts.db,
    store: parts.store,
    kafka: createKafka({ clientId: `signstash-ops-${parts.service}`, brokers: parts.brokers }),
    topics: topicNames(parts.prefix ?? ''),
    consumerGroup: parts.consumerGroup,
    close: async () => {
      if (parts.client) {
        await parts.store?.close();
        await parts.client.close();
      }
    },
  };
}

export const requireStore = (context: OpsContext): EventStore => {
  if (!context.store) throw new Error(`${context.service} has no event store`);
  return context.store;
};
