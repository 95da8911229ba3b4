import { projectionSpec } from '@signstash/read-model/testing';
import { specDatabase } from '@signstash/testing';
import { facts, inDays, lateExpiry, now, operator, story } from '../../testing/certificate-story.fixture';
import { times } from '../../testing/certificate-story.fixture';
import { certificateDetailProjection } from './certificate-detail.projection';

describe('certificate detail projection (real FerretDB)', () => {
  const db = specDatabase('certificate_detail_spec');
  const { pem: _pem, ...shown } = facts;
  const base = {
    _id: 'cert-1',
    issuerId: 'issuer-a',
    certificate: shown,
    registeredAt: now.toISOString(),
    registeredBy: operator,
    alias: 'Invoices',
    description: 'Invoices only',
    status: 'inactive' as const,
    statusReason: 'compromised key',
  };

  it('gives the same page when the events are applied twice, a late redelivery included', () =>
    projectionSpec(certificateDetailProjection, db())
      .given(...story, lateExpiry)
      .then([
        {
          ...base,
          access: {
            // The renewal was stored with a free-text provider: it shows under that name, as a manual access.
            ca: 'manual',
            caName: 'Other CA',
            credentialId: 'cred-2',
            grantedAt: times.renewed.toISOString(),
            expiresAt: inDays(180),
            state: 'granted',
            period: 2,
          },
          updatedAt: times.renewed.toISOString(),
          updatedBy: operator,
          revision: 5,
        },
      ]));

  it('shows the last warning and the expiry until the access is renewed', () =>
    projectionSpec(certificateDetailProjection, db())
      .given(...story.slice(0, 5))
      .then([
        {
          ...base,
          access: {
            ca: 'manual',
            caName: 'Acme CA',
            credentialId: 'cred-1',
            grantedAt: inDays(-1),
            expiresAt: inDays(90),
            state: 'expired',
            period: 1,
            lastWarningThresholdDays: 30,
            expiredAt: times.expired.toISOString(),
            // The story's AccessExpired predates the reason: it reads as the time limit.
            expiryReason: 'time',
          },
          updatedAt: times.deactivated.toISOString(),
          updatedBy: operator,
          revision: 4,
        },
      ]));
});
