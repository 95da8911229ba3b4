import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { ExpectedRevision, SqliteEventStore } from '@signstash/event-store';
import { ClientServicesByCertificate } from './client-services-by-certificate';

describe('ClientServicesByCertificate (against the SQLite event store)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'client-services-by-certificate-'));
  const store = new SqliteEventStore({ fileName: join(dir, 'events.sqlite') });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const register = (clientServiceId: string, issuerId: string, certificateId: string) =>
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
            name: clientServiceId,
            status: 'ACTIVE',
            by: 'op',
            at: new Date().toISOString(),
          },
        },
      ],
      ExpectedRevision.noStream,
    );
  const suspend = (clientServiceId: string) =>
    store.appendToStream(
      `clientservice-${clientServiceId}`,
      [{ eventId: randomUUID(), type: 'ClientServiceSuspended', data: { clientServiceId, reason: 'r' } }],
      ExpectedRevision.any,
    );

  it("finds a certificate's client services of its issuer, including those registered since the last lookup", async () => {
    const index = new ClientServicesByCertificate(store);
    await register('billing', 'acme', 'cert-1');
    await register('payroll', 'acme', 'cert-2');
    await register('foreign', 'globex', 'cert-1');
    await suspend('billing');

    expect(await index.of('acme', 'cert-1')).toEqual(['billing']);
    expect(await index.of('globex', 'cert-1')).toEqual(['foreign']);
    expect(await index.of('acme', 'unknown')).toEqual([]);

    await register('archive', 'acme', 'cert-1');
    expect(await index.of('acme', 'cert-1')).toEqual(['billing', 'archive']);
  });

  it('sees every registration appended before a lookup, with lookups running concurrently', async () => {
    const index = new ClientServicesByCertificate(store);
    const registrations = Array.from({ length: 20 }, (_, i) => register(`concurrent-${i}`, 'acme', 'cert-3'));
    const lookups = registrations.map(async (registration) => {
      await registration;
      return index.of('acme', 'cert-3');
    });
    const seen = await Promise.all(lookups);
    seen.forEach((ids, i) => expect(ids).toContain(`concurrent-${i}`));
    expect(seen.at(-1)).toHaveLength(20);
  });
});
