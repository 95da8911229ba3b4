import type { EnvelopeOf } from './envelope';

/**
 * `signstash.signatures.v1`: what the signing side reports (schema version 1). Each report is a
 * batched count of the signatures applied with one certificate, with its own id (the envelope's
 * `eventId`), counted once however often it is delivered. Keyed on Kafka by the certificate id
 * (`aggregateId`), so one certificate's reports stay in order; `streamRevision` is the signing
 * side's own sequence of reports for that certificate, for diagnosis only.
 *
 * The report names the grant it signed under (`grantedAt`, as published in `CertificateRegistered`
 * / `AccessRenewed`): the signing side signs with the tokens of one grant, so it knows which access
 * period its signatures belong to. The report's instant would not: signatures applied just before a
 * renewal and reported just after it would be counted against the new grant, and the signing
 * side's clock is not the certificate service's.
 */
export type SignatureIntegrationEvent = {
  type: 'SignaturesApplied';
  data: {
    certificateId: string;
    issuerId: string;
    /** The grant the signatures were applied under (ISO instant, as published with the access). */
    grantedAt: string;
    /** Signatures applied in this batch (a positive whole number). */
    signatures: number;
    /** The first and last signature of the batch. */
    firstAt: string;
    lastAt: string;
  };
};

/** An envelope on `signstash.signatures.v1`. */
export type SignatureEnvelope = EnvelopeOf<SignatureIntegrationEvent>;

export const SIGNATURE_EVENTS_SCHEMA_VERSION = 1;

/**
 * A report as the signing side publishes it: `reportId` unique per report (a redelivery carries
 * the same), `sequence` its own count of reports for the certificate.
 */
export function signatureReportEnvelope(
  report: SignatureIntegrationEvent['data'] & { reportId: string; sequence: number },
): SignatureEnvelope {
  const { reportId, sequence, ...data } = report;
  return {
    eventId: reportId,
    type: 'SignaturesApplied',
    schemaVersion: SIGNATURE_EVENTS_SCHEMA_VERSION,
    occurredAt: data.lastAt,
    issuerId: data.issuerId,
    aggregateId: data.certificateId,
    streamRevision: sequence,
    data,
  };
}
