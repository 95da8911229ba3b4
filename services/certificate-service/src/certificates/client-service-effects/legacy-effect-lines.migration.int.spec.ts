import type { Db } from 'mongodb';
import { specDatabase } from '@signstash/testing';
import { ClientServiceEffects } from './client-service-effects';
import type { ClientServiceEffectDocument } from './client-service-effects.projection';
import { foldLegacyEffectLines, LEGACY_EFFECT_LINES } from './legacy-effect-lines.migration';

const view = {
  _id: 'cs-1',
  issuerId: 'issuer-a',
  certificateId: 'cert-1',
  name: 'Billing',
  suspendedByExpiry: false,
  revision: 2,
};
const line = (_id: string, type: ClientServiceEffectDocument['type'], revision: number, summary: string) => ({
  _id,
  certificateId: 'cert-1',
  issuerId: 'issuer-a',
  revision,
  type,
  at: `2026-12-0${revision}T10:00:00.000Z`,
  by: 'system',
  summary,
  clientServiceId: 'cs-1',
  clientServiceName: 'Billing',
  changes: [
    {
      field: 'clientService.status',
      from: type === 'ClientServiceActivated' ? 'SUSPENDED' : 'ACTIVE',
      to: type === 'ClientServiceActivated' ? 'ACTIVE' : 'SUSPENDED',
    },
  ],
});

describe('effect lines written before they moved into the client services (real FerretDB)', () => {
  const db = specDatabase('legacy_effect_lines');
  const legacyLines = [
    line('e2', 'ClientServiceSuspended', 1, 'Client service "Billing" suspended: the CA access expired'),
    line('e3', 'ClientServiceActivated', 2, 'Client service "Billing" reactivated after the renewal'),
  ];
  const seed = async (database: Db) => {
    await database.collection<typeof view>('certificate_client_services').insertOne(view);
    await database.collection<{ _id: string }>(LEGACY_EFFECT_LINES).insertMany(legacyLines);
  };

  it('folds them into their client service once, drops their collection, and reads them back as before', async () => {
    await seed(db());
    expect(await foldLegacyEffectLines(db())).toBe(2);
    await db().collection<{ _id: string }>(LEGACY_EFFECT_LINES).insertOne(legacyLines[0]);
    expect(await foldLegacyEffectLines(db())).toBe(0);
    expect(await foldLegacyEffectLines(db())).toBe(0);

    const collections = await db().listCollections({ name: LEGACY_EFFECT_LINES }).toArray();
    expect(collections).toEqual([]);
    const lines = await new ClientServiceEffects(db()).of('issuer-a', 'cert-1');
    expect(lines.sort((a, b) => a.at.localeCompare(b.at))).toEqual(legacyLines);
  });

  it('keeps the lines of a client service with no document yet, and their collection, for the next start', async () => {
    const orphan = {
      ...line('e9', 'ClientServiceSuspended', 1, 'Client service "Payroll" suspended'),
      clientServiceId: 'cs-9',
    };
    await db().collection<{ _id: string }>(LEGACY_EFFECT_LINES).insertOne(orphan);
    expect(await foldLegacyEffectLines(db())).toBe(0);
    expect(await db().collection<{ _id: string }>(LEGACY_EFFECT_LINES).countDocuments({ _id: 'e9' })).toBe(1);

    await db()
      .collection<typeof view>('certificate_client_services')
      .insertOne({ ...view, _id: 'cs-9', name: 'Payroll' });
    expect(await foldLegacyEffectLines(db())).toBe(1);
    expect(await db().listCollections({ name: LEGACY_EFFECT_LINES }).toArray()).toEqual([]);
  });
});
