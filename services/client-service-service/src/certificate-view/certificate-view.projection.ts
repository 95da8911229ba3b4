import type { CertificateEnvelope } from '@signstash/contracts';
import { createOnce, defineTopicProjection, updateIfNewer } from '@signstash/read-model';
import type { CertificateView } from '../client-services/client-service.decider';

export interface CertificateViewDocument extends CertificateView {
  _id: string;
  alias: string;
  /** Stream revision of the certificate event applied last: redelivered or older events change nothing. */
  revision: number;
}

/** This service's view of certificates, from `signstash.certificates.v1`. */
export const certificateViewProjection = defineTopicProjection<CertificateEnvelope, CertificateViewDocument>({
  name: 'certificate-view',
  collection: 'certificate_view',
  apply(envelope) {
    const id = envelope.data.certificateId;
    switch (envelope.type) {
      case 'CertificateRegistered':
        return [
          createOnce<CertificateViewDocument>({
            _id: id,
            certificateId: id,
            issuerId: envelope.data.issuerId,
            alias: envelope.data.alias,
            status: 'active',
            accessState: 'granted',
            revision: envelope.streamRevision,
          }),
        ];
      case 'CertificateDetailsChanged':
        return [updateIfNewer(id, envelope, { $set: envelope.data.alias ? { alias: envelope.data.alias.to } : {} })];
      case 'CertificateStatusChanged':
        return [updateIfNewer(id, envelope, { $set: { status: envelope.data.to } })];
      case 'AccessRenewed':
        return [updateIfNewer(id, envelope, { $set: { accessState: 'granted' } })];
      case 'AccessExpired':
        return [updateIfNewer(id, envelope, { $set: { accessState: 'expired' } })];
      case 'AccessExpiring':
        return [updateIfNewer(id, envelope, {})];
      default:
        return [];
    }
  },
});
