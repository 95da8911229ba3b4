import { createTestDatabase, TestDatabase } from '@signstash/testing';
import { eventStoreContract } from '../testing/event-store.contract';
import { PostgresEventStore } from './postgres-event-store.adapter';
import { postgresHoldAppend } from '../testing/postgres-held-append';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase('event_store_contract');
});
afterAll(() => database.drop());

eventStoreContract(
  'PostgresEventStore',
  () => new PostgresEventStore({ connectionString: database.url, schema: 'contract' }),
  (store, streamId, events) => postgresHoldAppend(database.url, 'contract')(store, streamId, events),
);
