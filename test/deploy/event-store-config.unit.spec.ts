import { eventStoreOptions, EventStoreConfig } from '@signstash/event-store';
import { loadServiceConfig } from './service-configs';

const base = { MONGO_URL: 'mongodb://mongo/', KAFKA_BROKERS: 'kafka:9092' };

describe.each(['certificate-service', 'client-service-service'] as const)('%s event store configuration', (service) => {
  it('EVENT_STORE=postgres needs a postgres:// POSTGRES_URL and gives the service its own schema', () => {
    expect(() => loadServiceConfig(service, { ...base, EVENT_STORE: 'postgres' })).toThrow(/POSTGRES_URL/);
    expect(() => loadServiceConfig(service, { ...base, EVENT_STORE: 'postgres', POSTGRES_URL: 'mysql://db' })).toThrow(
      /POSTGRES_URL/,
    );
    expect(() =>
      loadServiceConfig(service, {
        ...base,
        EVENT_STORE: 'postgres',
        POSTGRES_URL: 'postgres://db/events',
        POSTGRES_SCHEMA: 'Bad-Name',
      }),
    ).toThrow(/POSTGRES_SCHEMA/);
    const config = loadServiceConfig(service, {
      ...base,
      EVENT_STORE: 'postgres',
      POSTGRES_URL: 'postgres://db/events',
    });
    expect(eventStoreOptions(config as EventStoreConfig)).toEqual({
      kind: 'postgres',
      connectionString: 'postgres://db/events',
      schema: service.replace(/-/g, '_'),
    });
  });

  it('rejects an unknown EVENT_STORE', () => {
    expect(() => loadServiceConfig(service, { ...base, EVENT_STORE: 'mysql' })).toThrow(/EVENT_STORE/);
  });
});
