import { IsInt, Max, Min } from 'class-validator';
import { ConsumerGroupId, EnvInt } from '@signstash/platform';
import { EventSourcedServiceConfig } from '@signstash/event-store';

export class ClientServiceServiceConfig extends EventSourcedServiceConfig {
  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT = 3002;

  override SQLITE_PATH = '.run/data/client-service-service.sqlite';
  override POSTGRES_SCHEMA = 'client_service_service';
  override MONGO_DB = 'client_service_service';

  @ConsumerGroupId()
  CONSUMER_GROUP = 'client-service-service';

  /** Of the replicas, the one holding the relay's lease publishes; a standby takes over at most this long after the holder dies. */
  @EnvInt()
  @IsInt()
  @Min(1)
  LEASE_TTL_SECONDS = 10;
}
