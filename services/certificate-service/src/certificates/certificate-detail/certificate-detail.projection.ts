import type { RecordedEvent } from '@signstash/event-store';
import { CERTIFICATE_EVENTS } from '../certificate.stream';
import { upcastCertificateEvent } from '../certificate.aggregate';
import { createOnce, defineProjection, updateIfNewer } from '@signstash/read-model';
import type {
  AccessExpiryReason,
  AccessState,
  CaAccess,
  CertificateEvent,
  CertificateFacts,
  CertificateStatus,
} from '../certificate.aggregate';

export const CERTIFICATE_DETAIL = 'certificate_detail';

/** The certificate details page: general information and the Certificate Authority access. */
export interface CertificateDetailDocument {
  _id: string;
  issuerId: string;
  alias: string;
  description: string;
  status: CertificateStatus;
  statusReason?: string;
  certificate: Omit<CertificateFacts, 'pem'>;
  access: CaAccess & {
    state: AccessState;
    period: number;
    lastWarningThresholdDays?: number;
    expiredAt?: string;
    /** Which limit ended the access (events before the signature limit: `time`). */
    expiryReason?: AccessExpiryReason;
    /** The last warning of the signatures used in this period. */
    usageWarnedAt?: string;
  };
  registeredAt: string;
  registeredBy: string;
  updatedAt: string;
  updatedBy: string;
  revision: number;
}

type Recorded = CertificateEvent & RecordedEvent;

export const certificateDetailProjection = defineProjection<Recorded, CertificateDetailDocument>({
  // 2: the access names its CA (`ca`, `caName`) where it named a `provider`.
  name: 'certificate-detail',
  version: 2,
  collection: CERTIFICATE_DETAIL,
  filter: CERTIFICATE_EVENTS,
  apply(stored) {
    const event = upcastCertificateEvent(stored);
    const id = event.data.certificateId;
    const touched = { updatedAt: event.data.at, updatedBy: event.data.by };
    switch (event.type) {
      case 'CertificateRegistered': {
        const { issuerId, alias, description, at, by, access, certificate } = event.data;
        const { pem: _pem, ...facts } = certificate;
        return [
          createOnce<CertificateDetailDocument>({
            _id: id,
            issuerId,
            alias,
            description,
            status: 'active',
            certificate: facts,
            access: { ...access, state: 'granted', period: 1 },
            registeredAt: at,
            registeredBy: by,
            updatedAt: at,
            updatedBy: by,
            revision: event.revision,
          }),
        ];
      }
      case 'CertificateDetailsChanged':
        return [
          updateIfNewer(id, event, {
            $set: {
              ...touched,
              ...(event.data.alias ? { alias: event.data.alias.to } : {}),
              ...(event.data.description ? { description: event.data.description.to } : {}),
            },
          }),
        ];
      case 'CertificateStatusChanged':
        return [
          updateIfNewer(id, event, { $set: { ...touched, status: event.data.to, statusReason: event.data.reason } }),
        ];
      case 'AccessRenewed':
        return [
          updateIfNewer(id, event, {
            $set: { ...touched, access: { ...event.data.access, state: 'granted', period: event.data.period } },
          }),
        ];
      case 'AccessExpiring':
        return [updateIfNewer(id, event, { $set: { 'access.lastWarningThresholdDays': event.data.thresholdDays } })];
      case 'AccessExpired':
        return [
          updateIfNewer(id, event, {
            $set: {
              'access.state': 'expired',
              'access.expiredAt': event.data.at,
              'access.expiryReason': event.data.reason ?? 'time',
            },
          }),
        ];
      case 'AccessUsageWarned':
        // Also moves the revision on: it is the certificate's ETag.
        return [updateIfNewer(id, event, { $set: { 'access.usageWarnedAt': event.data.at } })];
      default:
        return [];
    }
  },
});
