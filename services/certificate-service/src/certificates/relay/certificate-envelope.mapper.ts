import type { CertificateEnvelope, CertificateIntegrationEvent } from '@signstash/contracts';
import { eventOf, type Recorded } from '@signstash/event-store';
import { relayedEnvelope } from '@signstash/messaging';
import type { PublishedCaAccess } from '@signstash/contracts';
import type { CaAccess, CertificateEvent } from '../certificate.aggregate';
import { upcastCertificateEvent } from '../certificate.aggregate';

export const CERTIFICATE_EVENTS_SCHEMA_VERSION = 1;

/**
 * What the topic carries of a domain event: the same facts, without the PEM and the key usages
 * (consumers have no use for them and the PEM is large). Typed against the contract, so a domain
 * change that breaks `signstash.certificates.v1` does not compile.
 */
function published(event: CertificateEvent): CertificateIntegrationEvent {
  if (event.type === 'AccessRenewed') {
    const { previous, access } = event.data;
    return {
      type: event.type,
      data: { ...event.data, previous: publishedAccess(previous), access: publishedAccess(access) },
    };
  }
  if (event.type !== 'CertificateRegistered') return event;
  const { pem: _pem, keyUsage: _keyUsage, ...certificate } = event.data.certificate;
  return { type: event.type, data: { ...event.data, certificate, access: publishedAccess(event.data.access) } };
}

/** v1 named the CA `provider`: its display name still travels under that name. */
const publishedAccess = ({ caName, ...access }: CaAccess): PublishedCaAccess => ({ provider: caName, ...access });

/** A stored certificate event as published on `signstash.certificates.v1`. */
export function toCertificateEnvelope(recorded: Recorded<CertificateEvent>): CertificateEnvelope {
  const event = upcastCertificateEvent(eventOf(recorded));
  return relayedEnvelope(recorded, published(event), {
    schemaVersion: CERTIFICATE_EVENTS_SCHEMA_VERSION,
    aggregateId: event.data.certificateId,
  });
}
