export * from './event-store.port';
export { Decider, DomainEvent, foldEvents } from './decider';
export {
  handleCommand,
  HandleCommandOptions,
  CommandResult,
  EventIdContext,
  Reservation,
  CommandFrom,
} from './command-handler';
export { runCommand, CommandIssuer, commandMetadata, CONFLICT_RETRIES } from './run-command';
export { nameBasedUuid, URL_NAMESPACE } from './name-based-uuid';
export { SqliteEventStore, SqliteEventStoreOptions } from './sqlite/sqlite-event-store.adapter';
export { EVENT_STORE_SCHEMA, EVENT_STORE_PRAGMAS } from './sqlite/sqlite-schema';
export { KurrentDbEventStore } from './kurrentdb/kurrentdb-event-store.adapter';
export { PostgresEventStore, PostgresEventStoreOptions } from './postgres/postgres-event-store.adapter';
export {
  EventStoreModule,
  EventStoreOptions,
  EventStoreConfig,
  eventStoreOptions,
  openEventStore,
  eventStoreProbe,
} from './event-store.module';
export { EventSourcedServiceConfig } from './event-store.config';
export { InstrumentedEventStore, EventStoreObserver, CommandOutcome } from './instrumented-event-store';
export { eventStoreMetrics } from './event-store.metrics';
export { StreamOwnership } from './stream-ownership';
