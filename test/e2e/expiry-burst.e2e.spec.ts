import type { INestApplication } from '@nestjs/common';
import type { Db } from 'mongodb';
import { EVENT_STORE, EventStore, RecordedEvent } from '@signstash/event-store';
import { EventRelay, KafkaEventConsumer } from '@signstash/messaging';
import { BACKGROUND_WORKERS, BackgroundWorker, MONGO_DB } from '@signstash/platform';
import { makeCertificatePem, waitFor } from '@signstash/testing';
import { SignstashSystem } from '../system/signstash-system';

const CERTIFICATES = 40;

/**
 * Issue 20: accesses expiring at one instant are expired together by the timer (the scheduler starts
 * them at once, their appends share group commits) and their client services suspended by the
 * consumer's batches, without waiting for the default 60 s pass; each access expires once and each
 * client service is suspended once. Then the whole burst is delivered again, as after a crash mid-batch (the relay
 * re-publishing from the start, the client-service group's inbox lost, i.e. a crash between the
 * suspensions and their inbox write): nothing is suspended twice and nothing is missing.
 */
describe('a burst of expiries at one instant (four services, real engines)', () => {
  jest.setTimeout(180_000);
  let system: SignstashSystem;

  beforeAll(async () => {
    system = await SignstashSystem.start({ expiryIntervalSeconds: 60 });
  });
  afterAll(async () => system?.stop());

  const url = async (app: INestApplication) => (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const post = async (target: string, body: unknown) => {
    const response = await fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-operator-id': 'burst-operator' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as { id: string } };
  };
  const eventsOf = (app: INestApplication, type: string) =>
    app.get<EventStore>(EVENT_STORE).readAll({ filter: { eventTypes: [type] } });
  const workers = (app: INestApplication) => app.get<BackgroundWorker[]>(BACKGROUND_WORKERS);

  it('expires each access once and suspends each client service once, also when the burst is delivered again', async () => {
    const issuerId = `${system.run}_burst`;
    const instant = new Date(Date.now() + 45_000);
    const certificates = `${await url(system.apps.certificates)}/issuers/${issuerId}/certificates`;
    const clientServices = `${await url(system.apps.clientServices)}/issuers/${issuerId}/client-services`;
    const pems = await Promise.all(
      Array.from({ length: CERTIFICATES }, (_, i) => makeCertificatePem({ commonName: `Burst ${i}` })),
    );
    const clientServiceIds = await Promise.all(
      pems.map(async (pem, i) => {
        const access = { provider: 'Multicert', credentialId: `cred-${i}`, expiresAt: instant.toISOString() };
        const registered = await post(certificates, { alias: `Burst ${i}`, pem, access });
        expect(registered.status).toBe(201);
        const service = await waitFor(async () => {
          const created = await post(clientServices, { name: `Burst signer ${i}`, certificateId: registered.body.id });
          return created.status === 201 ? created.body.id : undefined;
        }, 20_000);
        return service;
      }),
    );
    expect(Date.now()).toBeLessThan(instant.getTime());

    const ours = (event: RecordedEvent) => (event.data as { issuerId?: string }).issuerId === issuerId;
    const suspensions = async () => (await eventsOf(system.apps.clientServices, 'ClientServiceSuspended')).filter(ours);
    const suspended = await waitFor(
      async () => {
        const events = await suspensions();
        return events.length >= CERTIFICATES ? events : undefined;
      },
      instant.getTime() - Date.now() + 40_000,
      100,
    );
    const expired = (await eventsOf(system.apps.certificates, 'AccessExpired')).filter(ours);
    expect(expired).toHaveLength(CERTIFICATES);
    expect(new Set(expired.map((event) => event.streamId)).size).toBe(CERTIFICATES);
    expect(new Set(suspended.map((event) => event.streamId))).toEqual(
      new Set(clientServiceIds.map((id) => `clientservice-${id}`)),
    );
    // How soon after the instant is the expiry-latency bench's figure: on 2 cores shared with other
    // test runs (load 12) these 40 took 1 to 5 s, too noisy for a bound here.

    // Delivered again from the start, the client-service group's inbox lost: the handlers run again.
    const consumer = workers(system.apps.clientServices).find(
      (worker): worker is KafkaEventConsumer => worker instanceof KafkaEventConsumer,
    )!;
    const processed = consumer.counters().processed;
    await system.apps.clientServices.get<Db>(MONGO_DB).collection('consumer_inbox').deleteMany({});
    const relay = workers(system.apps.certificates).find(
      (worker): worker is EventRelay => worker instanceof EventRelay,
    )!;
    const republished = await relay.republish(1n);
    expect(republished).toBeGreaterThanOrEqual(2 * CERTIFICATES);
    await consumer.waitUntilCaughtUp(60_000);
    // The AccessExpired among them ran their handlers again (the inbox no longer knew them).
    expect(consumer.counters().processed - processed).toBeGreaterThanOrEqual(CERTIFICATES);
    const afterRedelivery = await suspensions();
    expect(afterRedelivery).toHaveLength(CERTIFICATES);
    expect((await eventsOf(system.apps.certificates, 'AccessExpired')).filter(ours)).toHaveLength(CERTIFICATES);
  });
});
