import type { IntegrationEnvelope } from '@signstash/contracts';
import type { RecordedEvent } from '@signstash/event-store';
import type { CertificateEvent } from '../certificate.aggregate';

export const CERTIFICATE_EVENTS_SCHEMA_VERSION = 1;

/**
 * A stored certificate event as published on `signstash.certificates.v1`: the same facts,
 * without the PEM (consumers have no use for it and it is large).
 */
export function toCertificateEnvelope(recorded: RecordedEvent): IntegrationEnvelope | undefined {
  const event = recorded as unknown as CertificateEvent & RecordedEvent;
  const data =
    event.type === 'CertificateRegistered'
      ? (({ pem: _pem, keyUsage: _keyUsage, ...certificate }) => ({ ...event.data, certificate }))(
          event.data.certificate,
        )
      : event.data;
  return {
    eventId: recorded.eventId,
    type: recorded.type,
    schemaVersion: CERTIFICATE_EVENTS_SCHEMA_VERSION,
    occurredAt: event.data.at,
    issuerId: event.data.issuerId,
    aggregateId: event.data.certificateId,
    streamRevision: recorded.revision,
    ...(recorded.metadata.correlationId ? { correlationId: recorded.metadata.correlationId } : {}),
    ...(recorded.metadata.causationId ? { causationId: recorded.metadata.causationId } : {}),
    data: data as unknown as Record<string, unknown>,
  };
}
