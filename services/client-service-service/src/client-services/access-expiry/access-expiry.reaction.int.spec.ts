import { mkdtempSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db, MongoClient } from 'mongodb';
import { Counter } from 'prom-client';
import type { CertificateEnvelope } from '@signstash/contracts';
import { ExpectedRevision, SqliteEventStore } from '@signstash/event-store';
import { connectMongo, systemClock } from '@signstash/platform';
import { testEnv, uniqueName } from '@signstash/testing';
import { CertificateViews } from '../../certificate-view/certificate-view';
import { certificateViewProjection } from '../../certificate-view/certificate-view.projection';
import { ClientServiceCommands } from '../client-service-commands.service';
import { AccessExpiryReaction } from './access-expiry.reaction';
import { ClientServicesByCertificate } from './client-services-by-certificate';

type Expired = Extract<CertificateEnvelope, { type: 'AccessExpired' }>;

const CERTIFICATES = 30;
const issuerId = 'acme';

const expired = (certificateId: string): Expired => ({
  eventId: randomUUID(),
  type: 'AccessExpired',
  schemaVersion: 1,
  occurredAt: new Date().toISOString(),
  issuerId,
  aggregateId: certificateId,
  streamRevision: 1,
  data: {
    certificateId,
    issuerId,
    by: 'system',
    at: new Date().toISOString(),
    period: 1,
    expiresAt: new Date().toISOString(),
    provider: 'Multicert',
  },
});

/** The reaction against its real engines: the SQLite event store and FerretDB (its certificate view). */
describe('AccessExpiryReaction (SQLite event store, FerretDB)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'access-expiry-'));
  const store = new SqliteEventStore({ fileName: join(dir, 'events.sqlite') });
  let mongo: { client: MongoClient; db: Db };
  let reaction: AccessExpiryReaction;
  let views: CertificateViews;

  beforeAll(async () => {
    mongo = await connectMongo({ url: testEnv().mongoUrl, database: uniqueName('access_expiry_it') });
    views = new CertificateViews(mongo.db);
    // The system's suspensions wait for no reader: no list runner is involved.
    const commands = new ClientServiceCommands(store, views, systemClock);
    const counter = new Counter({ name: 'suspensions_test_total', help: 'test', registers: [] });
    reaction = new AccessExpiryReaction(views, new ClientServicesByCertificate(store), commands, counter);
  });
  afterAll(async () => {
    await mongo?.db.dropDatabase();
    await mongo?.client.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const register = (certificateId: string, clientServiceId = randomUUID()) =>
    store.appendToStream(
      `clientservice-${clientServiceId}`,
      [
        {
          eventId: randomUUID(),
          type: 'ClientServiceRegistered',
          data: {
            clientServiceId,
            issuerId,
            certificateId,
            name: `Signer of ${certificateId}`,
            status: 'ACTIVE',
            by: 'op',
            at: new Date().toISOString(),
          },
        },
      ],
      ExpectedRevision.noStream,
    );

  it("suspends a fetched batch's client services in one commit after marking every view expired, and nothing twice", async () => {
    const certificateIds = Array.from({ length: CERTIFICATES }, (_, i) => `burst-${i}`);
    await mongo.db.collection(certificateViewProjection.collection).insertMany(
      certificateIds.map((id) => ({
        _id: id,
        certificateId: id,
        issuerId,
        alias: id,
        status: 'active',
        accessState: 'granted',
        revision: 0,
      })) as never[],
    );
    // Two client services per certificate, each in a stream of its own.
    for (const id of certificateIds) await Promise.all([register(id), register(id)]);
    const batch = certificateIds.map(expired);

    expect(await reaction.onAccessExpiredAll(batch)).toBe(2 * CERTIFICATES);

    const suspensions = await store.readAll({ filter: { eventTypes: ['ClientServiceSuspended'] } });
    expect(suspensions).toHaveLength(2 * CERTIFICATES);
    // One group commit: every event of a commit carries its time.
    expect(new Set(suspensions.map((event) => event.recordedAt.getTime())).size).toBe(1);
    expect(new Set(suspensions.map((event) => (event.data as { causeEventId: string }).causeEventId))).toEqual(
      new Set(batch.map((envelope) => envelope.eventId)),
    );
    for (const id of certificateIds) expect(await views.find(issuerId, id)).toMatchObject({ accessState: 'expired' });

    // The same batch again (the batch path records no inbox entries), and one of its events alone.
    expect(await reaction.onAccessExpiredAll(batch)).toBe(0);
    expect(await reaction.onAccessExpired(batch[0])).toBe(0);
    expect(await store.readAll({ filter: { eventTypes: ['ClientServiceSuspended'] } })).toHaveLength(2 * CERTIFICATES);
  });
});
