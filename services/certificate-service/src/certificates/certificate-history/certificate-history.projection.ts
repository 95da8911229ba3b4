import type { RecordedEvent } from '@signstash/event-store';
import { CERTIFICATE_EVENTS } from '../certificate.stream';
import { upcastCertificateEvent } from '../certificate.aggregate';
import { createOnce, defineProjection } from '@signstash/read-model';
import type { CertificateEvent } from '../certificate.aggregate';
import { formatInstant } from '../certificate.rules';

export interface FieldChange {
  field: string;
  from: string;
  to: string;
}

/** One line of a certificate's history: what happened, who did it, when, and before → after. */
export interface CertificateHistoryDocument {
  _id: string;
  certificateId: string;
  issuerId: string;
  revision: number;
  type: CertificateEvent['type'];
  at: string;
  by: string;
  summary: string;
  changes: FieldChange[];
}

const describe = (event: CertificateEvent): { summary: string; changes: FieldChange[] } => {
  switch (event.type) {
    case 'CertificateRegistered':
      return { summary: `Certificate registered as "${event.data.alias}"`, changes: [] };
    case 'CertificateDetailsChanged': {
      const changes = (['alias', 'description'] as const).flatMap((field) => {
        const change = event.data[field];
        return change ? [{ field, from: change.from, to: change.to }] : [];
      });
      return { summary: `Details changed: ${changes.map((c) => c.field).join(', ')}`, changes };
    }
    case 'CertificateStatusChanged':
      return {
        summary: `Status changed to ${event.data.to}: ${event.data.reason}`,
        changes: [{ field: 'status', from: event.data.from, to: event.data.to }],
      };
    case 'AccessRenewed':
      return {
        summary: `CA access renewed until ${formatInstant(event.data.access.expiresAt)}`,
        changes: [
          { field: 'access.expiresAt', from: event.data.previous.expiresAt, to: event.data.access.expiresAt },
          ...(event.data.previous.credentialId !== event.data.access.credentialId
            ? [
                {
                  field: 'access.credentialId',
                  from: event.data.previous.credentialId,
                  to: event.data.access.credentialId,
                },
              ]
            : []),
          ...(event.data.previous.caName !== event.data.access.caName
            ? [{ field: 'access.ca', from: event.data.previous.caName, to: event.data.access.caName }]
            : []),
        ],
      };
    case 'AccessExpiring':
      return {
        summary: `Operators warned: the CA access expires on ${formatInstant(event.data.expiresAt)}`,
        changes: [],
      };
    case 'AccessExpired':
      return {
        summary:
          event.data.reason === 'signatures'
            ? `CA access expired: ${signatures(event.data.signatureLimit ?? 0)} reached; client services using the certificate are suspended`
            : 'CA access expired; client services using the certificate are suspended',
        changes: [{ field: 'access.state', from: 'granted', to: 'expired' }],
      };
    case 'AccessUsageWarned':
      return {
        summary: `Operators warned: ${signatures(event.data.signatures)} of ${signatures(event.data.signatureLimit)} used since the grant`,
        changes: [],
      };
  }
};

const signatures = (count: number) => `${count.toLocaleString('en-GB')} signature${count === 1 ? '' : 's'}`;

export const CERTIFICATE_HISTORY = 'certificate_history';

/** Every event of a certificate as a line of its history; one document per event, written once. */
export const certificateHistoryProjection = defineProjection<
  CertificateEvent & RecordedEvent,
  CertificateHistoryDocument
>({
  name: 'certificate-history',
  // 2: summaries write dates as the UI does, not as ISO instants.
  version: 2,
  collection: CERTIFICATE_HISTORY,
  filter: CERTIFICATE_EVENTS,
  indexes: [{ key: { certificateId: 1, revision: 1 } }],
  apply(stored) {
    const event = upcastCertificateEvent(stored);
    const { certificateId, issuerId, by, at } = event.data;
    return [
      createOnce<CertificateHistoryDocument>({
        _id: event.eventId,
        certificateId,
        issuerId,
        revision: event.revision,
        type: event.type,
        at,
        by,
        ...describe(event),
      }),
    ];
  },
});
