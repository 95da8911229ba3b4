import { ArrayNotEmpty, IsIn, IsInt, IsNotEmpty, IsString, Max, Min, ValidateIf, Matches } from 'class-validator';
import { EnvInt, EnvList } from '@signstash/platform';

export class ClientServiceServiceConfig {
  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT = 3002;

  @IsIn(['sqlite', 'postgres', 'kurrentdb'])
  EVENT_STORE: 'sqlite' | 'postgres' | 'kurrentdb' = 'sqlite';

  @ValidateIf((c: ClientServiceServiceConfig) => c.EVENT_STORE === 'sqlite')
  @IsString()
  @IsNotEmpty()
  SQLITE_PATH = '.run/data/client-service-service.sqlite';

  @ValidateIf((c: ClientServiceServiceConfig) => c.EVENT_STORE === 'postgres')
  @IsString()
  @Matches(/^postgres(ql)?:\/\//)
  POSTGRES_URL?: string;

  /** The service's own schema in that database (created on start). */
  @ValidateIf((c: ClientServiceServiceConfig) => c.EVENT_STORE === 'postgres')
  @Matches(/^[a-z_][a-z0-9_]{0,62}$/)
  POSTGRES_SCHEMA = 'client_service_service';

  @ValidateIf((c: ClientServiceServiceConfig) => c.EVENT_STORE === 'kurrentdb')
  @IsString()
  @IsNotEmpty()
  KURRENTDB_CONNECTION_STRING?: string;

  @IsString()
  @IsNotEmpty()
  MONGO_URL: string;

  @IsString()
  @IsNotEmpty()
  MONGO_DB = 'client_service_service';

  @EnvList()
  @ArrayNotEmpty()
  @IsString({ each: true })
  KAFKA_BROKERS: string[];

  /** Prepended to every integration topic, so environments sharing a Kafka cluster stay apart. */
  @IsString()
  @Matches(/^[A-Za-z0-9._-]*$/)
  KAFKA_TOPIC_PREFIX = '';

  @IsString()
  @IsNotEmpty()
  CONSUMER_GROUP = 'client-service-service';

  /** Of the replicas, the one holding the relay's lease publishes; a standby takes over at most this long after the holder dies. */
  @EnvInt()
  @IsInt()
  @Min(1)
  LEASE_TTL_SECONDS = 10;
}
