import { IsIn, IsNotEmpty, IsString, Matches, ValidateIf } from 'class-validator';
import { EnginesConfig, EnvInteger } from '@signstash/platform';
import type { EventStoreConfig } from './event-store.module';

const STORES = ['sqlite', 'postgres', 'kurrentdb'] as const;
const uses = (store: (typeof STORES)[number]) => (config: EventSourcedServiceConfig) => config.EVENT_STORE === store;

/**
 * The variables of an event-sourced service: its engines and its event store, only the chosen
 * store's required. The service's class extends it and gives its own defaults (file, schema, database).
 */
export class EventSourcedServiceConfig extends EnginesConfig implements EventStoreConfig {
  @IsIn(STORES)
  EVENT_STORE: (typeof STORES)[number] = 'sqlite';

  @ValidateIf(uses('sqlite'))
  @IsString()
  @IsNotEmpty()
  SQLITE_PATH: string;

  @ValidateIf(uses('postgres'))
  @IsString()
  @Matches(/^postgres(ql)?:\/\//)
  POSTGRES_URL?: string;

  /** The service's own schema in that database (created on start). */
  @ValidateIf(uses('postgres'))
  @Matches(/^[a-z_][a-z0-9_]{0,62}$/)
  POSTGRES_SCHEMA: string;

  @ValidateIf(uses('kurrentdb'))
  @IsString()
  @IsNotEmpty()
  KURRENTDB_CONNECTION_STRING?: string;

  /**
   * Of the replicas, the one holding a lease does the work (the relay of the stored events to Kafka,
   * and the service's own periodic passes); a standby takes over at most this long after the holder dies.
   */
  @EnvInteger(1)
  LEASE_TTL_SECONDS = 10;
}
