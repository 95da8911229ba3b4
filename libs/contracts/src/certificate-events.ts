import type { EnvelopeOf } from './envelope';

/**
 * `signstash.certificates.v1`: what the certificate service publishes (schema version 1).
 * Every event names its certificate and issuer, who caused it (`by`: operator id or `system`) and when (`at`).
 */
// A type, not an interface: event data must fit the envelope's `Record<string, unknown>`.
type CertificateFact = {
  certificateId: string;
  issuerId: string;
  by: string;
  at: string;
};

/**
 * The CA access as published: `provider` is the CA's display name (the free text of accesses recorded
 * before CAs were configured); `ca` (the configured CA's id, or `manual`) and `signatureLimit` were
 * added later, so v1 consumers that ignore them keep working. Never a token: those stay in the service.
 */
export interface PublishedCaAccess {
  provider: string;
  ca?: string;
  signatureLimit?: number;
  credentialId: string;
  grantedAt: string;
  expiresAt: string;
}

export type CertificateIntegrationEvent =
  | {
      type: 'CertificateRegistered';
      data: CertificateFact & {
        alias: string;
        description: string;
        certificate: {
          subject: string;
          issuingCa: string;
          serialNumber: string;
          validFrom: string;
          validTo: string;
          fingerprintSha256: string;
        };
        access: PublishedCaAccess;
      };
    }
  | {
      type: 'CertificateDetailsChanged';
      data: CertificateFact & { alias?: { from: string; to: string }; description?: { from: string; to: string } };
    }
  | {
      type: 'CertificateStatusChanged';
      data: CertificateFact & { from: 'active' | 'inactive'; to: 'active' | 'inactive'; reason: string };
    }
  | {
      type: 'AccessRenewed';
      data: CertificateFact & {
        period: number;
        previous: PublishedCaAccess;
        access: PublishedCaAccess;
        wasExpired: boolean;
      };
    }
  | {
      type: 'AccessExpiring';
      data: CertificateFact & {
        period: number;
        thresholdDays: number;
        daysLeft: number;
        expiresAt: string;
        provider: string;
      };
    }
  | {
      type: 'AccessExpired';
      data: CertificateFact & {
        period: number;
        expiresAt: string;
        provider: string;
        /** Which limit was reached; absent in events published before the signature limit: `time`. */
        reason?: 'time' | 'signatures';
        /** With `signatures`: the count since the grant that reached the limit, and the limit. */
        signatures?: number;
        signatureLimit?: number;
      };
    }
  | {
      /** More than the warning ratio (90 %) of the signature limit used since the grant: on crossing, then daily while above. */
      type: 'AccessUsageWarned';
      data: CertificateFact & {
        period: number;
        grantedAt: string;
        signatures: number;
        signatureLimit: number;
        expiresAt: string;
        provider: string;
      };
    };

export type CertificateEventType = CertificateIntegrationEvent['type'];

/** An envelope on `signstash.certificates.v1`: narrowing `type` narrows `data`. */
export type CertificateEnvelope = EnvelopeOf<CertificateIntegrationEvent>;
