import { eventStoreContract } from '../testing/event-store.contract';
import { KurrentDbEventStore } from './kurrentdb-event-store.adapter';

/**
 * Runs the shared contract against a real KurrentDB / EventStoreDB 20+ at KURRENTDB_CONNECTION_STRING
 * (e.g. `kurrentdb://localhost:2113?tls=false`). No server can run on the project's machines (no
 * Docker engine, no package-registry build), so without the variable the suite is skipped, loudly.
 */
const connectionString = process.env.KURRENTDB_CONNECTION_STRING;

if (connectionString) {
  eventStoreContract('KurrentDbEventStore', () => KurrentDbEventStore.fromConnectionString(connectionString));
} else {
  console.warn(
    'SKIPPED: KurrentDbEventStore contract suite. KURRENTDB_CONNECTION_STRING is not set and no KurrentDB server ' +
      'can be started here (no Docker engine for testcontainers). Set it, e.g. kurrentdb://localhost:2113?tls=false, to run it.',
  );
  describe.skip('KurrentDbEventStore (event store contract): no KURRENTDB_CONNECTION_STRING, no Docker engine', () => {
    it('needs a KurrentDB server', () => undefined);
  });
}
