import type { RecordedEvent } from '@signstash/event-store';
import { CERTIFICATE_EVENTS } from '../certificate.stream';
import { upcastCertificateEvent } from '../certificate.aggregate';
import { createOnce, defineProjection, updateIfNewer } from '@signstash/read-model';
import type { CertificateEvent } from '../certificate.aggregate';
import type { CertificateListDocument } from './certificate-list.document';

export const CERTIFICATE_LIST = 'certificate_list';

type Recorded = CertificateEvent & RecordedEvent;

/** The certificates table, one document per certificate; also what the expiry scheduler scans. */
export const certificateListProjection = defineProjection<Recorded, CertificateListDocument>({
  name: 'certificate-list',
  version: 1,
  collection: CERTIFICATE_LIST,
  filter: CERTIFICATE_EVENTS,
  indexes: [
    { key: { issuerId: 1, registeredAt: -1 } },
    { key: { issuerId: 1, aliasLower: 1 } },
    { key: { issuerId: 1, accessExpiresAt: 1 } },
    { key: { accessState: 1, accessExpiresAt: 1 } },
  ],
  apply(stored) {
    const event = upcastCertificateEvent(stored);
    const id = event.data.certificateId;
    switch (event.type) {
      case 'CertificateRegistered': {
        const { issuerId, alias, at, access, certificate } = event.data;
        return [
          createOnce<CertificateListDocument>({
            _id: id,
            issuerId,
            alias,
            aliasLower: alias.toLowerCase(),
            status: 'active',
            registeredAt: new Date(at),
            registeredDay: at.slice(0, 10),
            provider: access.caName,
            accessExpiresAt: new Date(access.expiresAt),
            accessState: 'granted',
            accessPeriod: 1,
            accessGrantedAt: new Date(access.grantedAt),
            warnedThresholds: [],
            validTo: new Date(certificate.validTo),
            revision: event.revision,
          }),
        ];
      }
      case 'CertificateDetailsChanged':
        return [
          updateIfNewer(id, event, {
            $set: event.data.alias ? { alias: event.data.alias.to, aliasLower: event.data.alias.to.toLowerCase() } : {},
          }),
        ];
      case 'CertificateStatusChanged':
        return [updateIfNewer(id, event, { $set: { status: event.data.to } })];
      case 'AccessRenewed':
        return [
          updateIfNewer(id, event, {
            $set: {
              provider: event.data.access.caName,
              accessExpiresAt: new Date(event.data.access.expiresAt),
              accessState: 'granted',
              accessPeriod: event.data.period,
              accessGrantedAt: new Date(event.data.access.grantedAt),
              warnedThresholds: [],
            },
          }),
        ];
      case 'AccessExpiring':
        return [updateIfNewer(id, event, { $addToSet: { warnedThresholds: event.data.thresholdDays } })];
      case 'AccessExpired':
        return [updateIfNewer(id, event, { $set: { accessState: 'expired' } })];
      default:
        return [];
    }
  },
});
