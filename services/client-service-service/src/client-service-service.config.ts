import { ConsumerGroupId, EnvPort } from '@signstash/platform';
import { EventSourcedServiceConfig } from '@signstash/event-store';

export class ClientServiceServiceConfig extends EventSourcedServiceConfig {
  @EnvPort()
  PORT = 3002;

  override SQLITE_PATH = '.run/data/client-service-service.sqlite';
  override POSTGRES_SCHEMA = 'client_service_service';
  override MONGO_DB = 'client_service_service';

  @ConsumerGroupId()
  CONSUMER_GROUP = 'client-service-service';
}
