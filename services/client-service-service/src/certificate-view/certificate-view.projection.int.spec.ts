import type { CertificateIntegrationEvent } from '@signstash/contracts';
import { GivenEnvelope, topicProjectionSpec } from '@signstash/read-model/testing';
import { specDatabase } from '@signstash/testing';
import { CertificateViewDocument, certificateViewProjection } from './certificate-view.projection';

type Given = GivenEnvelope<CertificateViewEnvelope>;
type CertificateViewEnvelope = Parameters<typeof certificateViewProjection.apply>[0];

const fact = (certificateId: string, minute: number) => ({
  certificateId,
  issuerId: 'issuer-a',
  by: 'op-1',
  at: new Date(Date.UTC(2026, 5, 1, 10, minute)).toISOString(),
});
const access = {
  provider: 'Acme CA',
  credentialId: 'cred-1',
  grantedAt: '2026-01-01T00:00:00.000Z',
  expiresAt: '2027-01-01T00:00:00.000Z',
};
const envelope = (certificateId: string, streamRevision: number, event: CertificateIntegrationEvent): Given =>
  ({ ...event, aggregateId: certificateId, streamRevision }) as Given;

const story = [
  envelope('cert-1', 0, {
    type: 'CertificateRegistered',
    data: {
      ...fact('cert-1', 0),
      alias: 'Invoices',
      description: '',
      certificate: {
        subject: 'CN=Invoices',
        issuingCa: 'CN=Acme',
        serialNumber: '01',
        validFrom: '2026-01-01T00:00:00.000Z',
        validTo: '2028-01-01T00:00:00.000Z',
        fingerprintSha256: 'ab',
      },
      access,
    },
  }),
  envelope('cert-1', 1, {
    type: 'CertificateDetailsChanged',
    data: { ...fact('cert-1', 1), alias: { from: 'Invoices', to: 'Invoicing' } },
  }),
  envelope('cert-1', 2, {
    type: 'AccessExpiring',
    data: {
      ...fact('cert-1', 2),
      period: 1,
      thresholdDays: 7,
      daysLeft: 7,
      expiresAt: access.expiresAt,
      provider: 'Acme CA',
    },
  }),
  envelope('cert-1', 3, {
    type: 'AccessExpired',
    data: { ...fact('cert-1', 3), period: 1, expiresAt: access.expiresAt, provider: 'Acme CA' },
  }),
  envelope('cert-1', 4, {
    type: 'CertificateStatusChanged',
    data: { ...fact('cert-1', 4), from: 'active', to: 'inactive', reason: 'retired' },
  }),
  envelope('cert-1', 5, {
    type: 'AccessRenewed',
    data: { ...fact('cert-1', 5), period: 2, previous: access, access, wasExpired: true },
  }),
];

const ids = { _id: 'cert-1', certificateId: 'cert-1', issuerId: 'issuer-a' };
const registered: CertificateViewDocument = {
  ...ids,
  alias: 'Invoices',
  status: 'active',
  accessState: 'granted',
  revision: 0,
};

describe('certificate view projection (real FerretDB)', () => {
  const db = specDatabase('certificate_view_spec');

  it('follows the alias, the status and the access of a certificate, whatever is delivered again', () =>
    topicProjectionSpec(certificateViewProjection, db())
      // The expiry delivered again after the renewal (Kafka redelivers at least once).
      .given(...story, story[3])
      .then([{ ...registered, alias: 'Invoicing', status: 'inactive', accessState: 'granted', revision: 5 }]));

  it('marks the access expired until it is renewed', () =>
    topicProjectionSpec(certificateViewProjection, db())
      .given(...story.slice(0, 4))
      .then([{ ...registered, alias: 'Invoicing', accessState: 'expired', revision: 3 }]));

  it('keeps the registration when it arrives again after later events', () =>
    topicProjectionSpec(certificateViewProjection, db())
      .given(story[0], story[2], story[0])
      .then([{ ...registered, revision: 2 }]));
});
