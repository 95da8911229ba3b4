import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import type { Registry } from 'prom-client';
import { METRICS_REGISTRY } from '@signstash/platform';
import { EVENT_STORE, EventStore } from './event-store.port';
import { eventStoreMetrics } from './event-store.metrics';
import { InstrumentedEventStore } from './instrumented-event-store';
import { SqliteEventStore } from './sqlite/sqlite-event-store.adapter';
import { KurrentDbEventStore } from './kurrentdb/kurrentdb-event-store.adapter';
import { PostgresEventStore } from './postgres/postgres-event-store.adapter';

export type EventStoreOptions =
  | { kind: 'sqlite'; fileName: string }
  | { kind: 'kurrentdb'; connectionString: string }
  | { kind: 'postgres'; connectionString: string; schema: string };

export function openEventStore(options: EventStoreOptions): EventStore {
  switch (options.kind) {
    case 'sqlite':
      return new SqliteEventStore({ fileName: options.fileName });
    case 'kurrentdb':
      return KurrentDbEventStore.fromConnectionString(options.connectionString);
    case 'postgres':
      return new PostgresEventStore({ connectionString: options.connectionString, schema: options.schema });
  }
}

/** The event-store variables of a service's validated config (the validation guarantees the chosen kind's). */
export interface EventStoreConfig {
  EVENT_STORE: EventStoreOptions['kind'];
  SQLITE_PATH?: string;
  KURRENTDB_CONNECTION_STRING?: string;
  POSTGRES_URL?: string;
  POSTGRES_SCHEMA?: string;
}

export function eventStoreOptions(config: EventStoreConfig): EventStoreOptions {
  switch (config.EVENT_STORE) {
    case 'sqlite':
      return { kind: 'sqlite', fileName: config.SQLITE_PATH! };
    case 'kurrentdb':
      return { kind: 'kurrentdb', connectionString: config.KURRENTDB_CONNECTION_STRING! };
    case 'postgres':
      return { kind: 'postgres', connectionString: config.POSTGRES_URL!, schema: config.POSTGRES_SCHEMA! };
  }
}

/** Readiness of the event store: the newest position can be read. */
export const eventStoreProbe = (store: EventStore) => ({
  name: 'event-store',
  check: async () => void (await store.headPosition()),
});

/** The service's event store, chosen by configuration (SQLite embedded, PostgreSQL or KurrentDB for replicas); instrumented when the service has metrics. */
@Global()
@Module({})
export class EventStoreModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  static forRoot(options: EventStoreOptions): DynamicModule {
    return {
      module: EventStoreModule,
      providers: [
        {
          provide: EVENT_STORE,
          inject: [{ token: METRICS_REGISTRY, optional: true }],
          useFactory: (registry?: Registry) =>
            registry
              ? new InstrumentedEventStore(openEventStore(options), eventStoreMetrics(registry))
              : openEventStore(options),
        },
      ],
      exports: [EVENT_STORE],
    };
  }

  async onApplicationShutdown() {
    await this.store.close();
  }
}
