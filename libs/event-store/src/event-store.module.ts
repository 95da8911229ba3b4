import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, EventStore } from './event-store.port';
import { SqliteEventStore } from './sqlite/sqlite-event-store.adapter';
import { KurrentDbEventStore } from './kurrentdb/kurrentdb-event-store.adapter';

export type EventStoreOptions =
  | { kind: 'sqlite'; fileName: string }
  | { kind: 'kurrentdb'; connectionString: string };

export const openEventStore = (options: EventStoreOptions): EventStore =>
  options.kind === 'sqlite'
    ? new SqliteEventStore({ fileName: options.fileName })
    : KurrentDbEventStore.fromConnectionString(options.connectionString);

/** Readiness of the event store: the newest position can be read. */
export const eventStoreProbe = (store: EventStore) => ({
  name: 'event-store',
  check: async () => void (await store.headPosition()),
});

/** The service's event store, chosen by configuration (SQLite embedded, KurrentDB in production). */
@Global()
@Module({})
export class EventStoreModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  static forRoot(options: EventStoreOptions): DynamicModule {
    return {
      module: EventStoreModule,
      providers: [{ provide: EVENT_STORE, useFactory: () => openEventStore(options) }],
      exports: [EVENT_STORE],
    };
  }

  async onApplicationShutdown() {
    await this.store.close();
  }
}
