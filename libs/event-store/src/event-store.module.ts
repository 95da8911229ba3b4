import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import type { Registry } from 'prom-client';
import { METRICS_REGISTRY } from '@signstash/platform';
import { EVENT_STORE, EventStore } from './event-store.port';
import { eventStoreMetrics } from './event-store.metrics';
import { InstrumentedEventStore } from './instrumented-event-store';
import { SqliteEventStore } from './sqlite/sqlite-event-store.adapter';
import { KurrentDbEventStore } from './kurrentdb/kurrentdb-event-store.adapter';

export type EventStoreOptions = { kind: 'sqlite'; fileName: string } | { kind: 'kurrentdb'; connectionString: string };

export const openEventStore = (options: EventStoreOptions): EventStore =>
  options.kind === 'sqlite'
    ? new SqliteEventStore({ fileName: options.fileName })
    : KurrentDbEventStore.fromConnectionString(options.connectionString);

/** Readiness of the event store: the newest position can be read. */
export const eventStoreProbe = (store: EventStore) => ({
  name: 'event-store',
  check: async () => void (await store.headPosition()),
});

/** The service's event store, chosen by configuration (SQLite embedded, KurrentDB in production); instrumented when the service has metrics. */
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
