import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import type { StartedKurrentDbContainer } from '@testcontainers/kurrentdb';
import { eventStoreContract } from '../testing/event-store.contract';
import { KurrentDbEventStore } from './kurrentdb-event-store.adapter';

/**
 * Runs the shared contract against a real KurrentDB: a container started with @testcontainers/kurrentdb
 * when a Docker engine is there (DOCKER_HOST or a Docker socket), else the server at
 * KURRENTDB_CONNECTION_STRING (e.g. `kurrentdb://localhost:2113?tls=false`), else it is skipped, loudly.
 * The project's machines have neither, so this suite has not run here.
 */
const IMAGE = 'kurrentplatform/kurrentdb:25.1'; // the image docker-compose.yml runs
const docker =
  process.env.DOCKER_HOST ??
  ['/var/run/docker.sock', `${homedir()}/.docker/run/docker.sock`].find((socket) => existsSync(socket));
const connectionString = process.env.KURRENTDB_CONNECTION_STRING;

if (docker) {
  let container: StartedKurrentDbContainer | undefined;
  beforeAll(async () => {
    const { KurrentDbContainer } = await import('@testcontainers/kurrentdb');
    container = await new KurrentDbContainer(IMAGE).start();
  }, 300_000);
  afterAll(async () => {
    await container?.stop();
  });
  eventStoreContract(`KurrentDbEventStore on a ${IMAGE} container`, () =>
    KurrentDbEventStore.fromConnectionString(container!.getConnectionString()),
  );
} else if (connectionString) {
  eventStoreContract('KurrentDbEventStore', () => KurrentDbEventStore.fromConnectionString(connectionString));
} else {
  console.warn(
    'SKIPPED: KurrentDbEventStore contract suite. No Docker engine answers here (no DOCKER_HOST, no Docker socket) for ' +
      '@testcontainers/kurrentdb, and KURRENTDB_CONNECTION_STRING is not set. Set it, e.g. kurrentdb://localhost:2113?tls=false, to run it.',
  );
  describe.skip('KurrentDbEventStore (event store contract): no Docker engine, no KURRENTDB_CONNECTION_STRING', () => {
    it('needs a KurrentDB server', () => undefined);
  });
}
