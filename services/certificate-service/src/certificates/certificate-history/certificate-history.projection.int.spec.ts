import { projectionSpec } from '@signstash/read-model/testing';
import { specDatabase } from '@signstash/testing';
import {
  inDays,
  lateExpiry,
  now,
  operator,
  otherCertificate,
  story,
  times,
} from '../../testing/certificate-story.fixture';
import type { CertificateEvent } from '../certificate.aggregate';
import {
  CertificateHistoryDocument,
  certificateHistoryProjection,
  FieldChange,
} from './certificate-history.projection';

describe('certificate history projection (real FerretDB)', () => {
  const db = specDatabase('certificate_history_spec');
  const line = (
    revision: number,
    type: CertificateEvent['type'],
    at: Date,
    by: string,
    summary: string,
    changes: FieldChange[] = [],
  ) =>
    ({
      _id: `cert-1-${revision}`,
      certificateId: 'cert-1',
      issuerId: 'issuer-a',
      revision,
      type,
      at: at.toISOString(),
      by,
      summary,
      changes,
    }) as CertificateHistoryDocument;

  it('writes one line per event, once, whatever is applied twice or delivered late', () =>
    projectionSpec(certificateHistoryProjection, db())
      .given(...story, otherCertificate, lateExpiry)
      .then([
        line(0, 'CertificateRegistered', now, operator, 'Certificate registered as "Main signing"'),
        line(1, 'CertificateDetailsChanged', times.changed, operator, 'Details changed: alias, description', [
          { field: 'alias', from: 'Main signing', to: 'Invoices' },
          { field: 'description', from: 'Used by the invoicing API', to: 'Invoices only' },
        ]),
        line(
          2,
          'AccessExpiring',
          times.warned,
          'system',
          'Operators warned: the CA access expires on 30 Aug 2026, 10:00 UTC',
        ),
        line(
          3,
          'CertificateStatusChanged',
          times.deactivated,
          operator,
          'Status changed to inactive: compromised key',
          [{ field: 'status', from: 'active', to: 'inactive' }],
        ),
        line(
          4,
          'AccessExpired',
          times.expired,
          'system',
          'CA access expired; client services using the certificate are suspended',
          [{ field: 'access.state', from: 'granted', to: 'expired' }],
        ),
        line(5, 'AccessRenewed', times.renewed, operator, 'CA access renewed until 28 Nov 2026, 10:00 UTC', [
          { field: 'access.expiresAt', from: inDays(90), to: inDays(180) },
          { field: 'access.credentialId', from: 'cred-1', to: 'cred-2' },
          { field: 'access.ca', from: 'Acme CA', to: 'Other CA' },
        ]),
        {
          ...line(0, 'CertificateRegistered', now, operator, 'Certificate registered as "Other"'),
          _id: 'cert-2-0',
          certificateId: 'cert-2',
          issuerId: 'issuer-b',
        },
      ]));
});
