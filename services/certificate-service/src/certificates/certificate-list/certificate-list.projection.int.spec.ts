import { projectionSpec } from '@signstash/read-model/testing';
import { specDatabase } from '@signstash/testing';
import {
  facts,
  inDays,
  lateExpiry,
  now,
  otherCertificate,
  story,
  times,
} from '../../testing/certificate-story.fixture';
import { certificateListProjection } from './certificate-list.projection';

describe('certificate list projection (real FerretDB)', () => {
  const db = specDatabase('certificate_list_spec');

  it('gives the same rows when the events are applied twice, a late redelivery included', () =>
    projectionSpec(certificateListProjection, db())
      .given(...story, otherCertificate, lateExpiry)
      .then([
        {
          _id: 'cert-1',
          issuerId: 'issuer-a',
          alias: 'Invoices',
          aliasLower: 'invoices',
          status: 'inactive',
          registeredAt: now,
          registeredDay: '2026-06-01',
          provider: 'Other CA',
          accessGrantedAt: new Date(times.renewed),
          accessExpiresAt: new Date(inDays(180)),
          accessState: 'granted',
          accessPeriod: 2,
          warnedThresholds: [],
          validTo: new Date(facts.validTo),
          revision: 5,
        },
        {
          _id: 'cert-2',
          issuerId: 'issuer-b',
          alias: 'Other',
          aliasLower: 'other',
          status: 'active',
          registeredAt: now,
          registeredDay: '2026-06-01',
          provider: 'Acme CA',
          accessGrantedAt: new Date(inDays(-1)),
          accessExpiresAt: new Date(inDays(90)),
          accessState: 'granted',
          accessPeriod: 1,
          warnedThresholds: [],
          validTo: new Date(facts.validTo),
          revision: 0,
        },
      ]));

  it('keeps the thresholds warned of in the current period', () =>
    projectionSpec(certificateListProjection, db())
      .given(...story.slice(0, 3))
      .then([expect.objectContaining({ _id: 'cert-1', alias: 'Invoices', warnedThresholds: [30], revision: 2 })]));
});
