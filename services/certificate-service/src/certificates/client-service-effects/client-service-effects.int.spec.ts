import { MongoClient } from 'mongodb';
import type { ClientServiceEnvelope } from '@signstash/contracts';
import { testEnv, uniqueName } from '@signstash/testing';
import { CERTIFICATE_SERVICE_PARTS } from '../../certificate-service.parts';
import { ClientServiceEffects } from './client-service-effects';

const env = testEnv();
const issuerId = 'issuer-a';
const certificateId = 'cert-1';
const fact = (clientServiceId: string, by: string, at: string) => ({
  clientServiceId,
  issuerId,
  certificateId,
  by,
  at,
});
const envelope = (eventId: string, streamRevision: number, event: Pick<ClientServiceEnvelope, 'type' | 'data'>) =>
  ({
    eventId,
    schemaVersion: 1,
    occurredAt: event.data.at,
    issuerId,
    aggregateId: event.data.clientServiceId,
    streamRevision,
    ...event,
  }) as ClientServiceEnvelope;

const expiry = { reason: 'certificate access expired', byAccessExpiry: true, causeEventId: 'expired-1' };
const story: ClientServiceEnvelope[] = [
  envelope('e1', 0, {
    type: 'ClientServiceRegistered',
    data: { ...fact('cs-1', 'ana', '2026-12-01T10:00:00.000Z'), name: 'Billing', status: 'ACTIVE' },
  }),
  envelope('e2', 1, {
    type: 'ClientServiceSuspended',
    data: { ...fact('cs-1', 'system', '2026-12-02T10:00:01.000Z'), ...expiry },
  }),
  envelope('e3', 2, { type: 'ClientServiceActivated', data: fact('cs-1', 'ana', '2026-12-02T11:00:00.000Z') }),
  // Suspended by an operator, then activated: not because of the certificate, so not in its history.
  envelope('e4', 3, {
    type: 'ClientServiceSuspended',
    data: { ...fact('cs-1', 'ana', '2026-12-02T12:00:00.000Z'), reason: 'maintenance', byAccessExpiry: false },
  }),
  envelope('e5', 4, { type: 'ClientServiceActivated', data: fact('cs-1', 'ana', '2026-12-02T13:00:00.000Z') }),
  // Registered while the access was expired.
  envelope('e6', 0, {
    type: 'ClientServiceRegistered',
    data: {
      ...fact('cs-2', 'bob', '2026-12-02T10:30:00.000Z'),
      name: 'Archive',
      status: 'SUSPENDED',
      suspension: { reason: 'certificate access expired', byAccessExpiry: true },
    },
  }),
];

describe('client-service effects in the certificate history (real FerretDB)', () => {
  let client: MongoClient;
  let effects: ClientServiceEffects;
  const database = uniqueName('cs_effects');

  beforeAll(async () => {
    // Monitored: the batch test counts the writes the consumer's batch handler sends.
    client = await MongoClient.connect(env.mongoUrl, { monitorCommands: true });
    effects = new ClientServiceEffects(client.db(database));
    await effects.onModuleInit();
  });
  afterAll(async () => {
    await client.db(database).dropDatabase();
    await client.close();
  });

  const lines = async () =>
    (await effects.of(issuerId, certificateId))
      .sort((a, b) => a.at.localeCompare(b.at))
      .map(({ _id, type, by, summary }) => ({ _id, type, by, summary }));

  it('records the suspension by the expiry and the reactivation after it, by whom; a redelivery changes nothing', async () => {
    for (const event of story) await effects.apply(event);
    const expected = [
      {
        _id: 'e2',
        type: 'ClientServiceSuspended',
        by: 'system',
        summary: 'Client service "Billing" suspended: the CA access expired',
      },
      {
        _id: 'e6',
        type: 'ClientServiceRegistered',
        by: 'bob',
        summary: 'Client service "Archive" registered suspended: the CA access is expired',
      },
      {
        _id: 'e3',
        type: 'ClientServiceActivated',
        by: 'ana',
        summary: 'Client service "Billing" reactivated after the renewal',
      },
    ];
    expect(await lines()).toEqual(expected);

    for (const event of story) await effects.apply(event);
    expect(await lines()).toEqual(expected);
    expect(await effects.of('another-issuer', certificateId)).toEqual([]);
  });

  it("writes a fetched batch of expiry suspensions in one round trip (the consumer's batch handler); again, it changes nothing", async () => {
    const burst = Array.from({ length: 50 }, (_, i) => `burst-${i}`);
    for (const [i, id] of burst.entries())
      await effects.apply(
        envelope(`reg-${i}`, 0, {
          type: 'ClientServiceRegistered',
          data: { ...fact(id, 'ana', '2026-12-03T10:00:00.000Z'), name: `Signer ${i}`, status: 'ACTIVE' },
        }),
      );
    const suspensions = burst.map((id, i) =>
      envelope(`susp-${i}`, 1, {
        type: 'ClientServiceSuspended',
        data: { ...fact(id, 'system', '2026-12-04T10:00:00.000Z'), ...expiry },
      }),
    );
    const handle = CERTIFICATE_SERVICE_PARTS.consumers.clientServices.dispatch({ effects }).batchHandlers
      ?.ClientServiceSuspended;
    expect(handle).toBeDefined();
    const writes: string[] = [];
    const count = (event: { commandName: string; databaseName: string }) => {
      if (event.databaseName === database && ['update', 'insert', 'delete'].includes(event.commandName))
        writes.push(event.commandName);
    };
    client.on('commandStarted', count);
    try {
      await handle!(suspensions, async () => undefined, Date.now());
      expect(writes).toEqual(['update']);
      await handle!(suspensions, async () => undefined, Date.now());
    } finally {
      client.off('commandStarted', count);
    }
    const suspended = (await effects.of(issuerId, certificateId)).filter((line) => line._id.startsWith('susp-'));
    expect(suspended.map((line) => line.clientServiceId).sort()).toEqual([...burst].sort());
    expect(suspended.every((line) => line.summary.endsWith('suspended: the CA access expired'))).toBe(true);
  });
});
