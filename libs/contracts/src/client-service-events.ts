import type { EnvelopeOf } from './envelope';

/**
 * `signstash.client-services.v1`: what the client-service service publishes (schema version 1).
 * Every event names its client service, issuer and certificate, who caused it and when.
 */
type ClientServiceFact = {
  clientServiceId: string;
  issuerId: string;
  certificateId: string;
  /** Operator id, or `system` when the service reacted to a certificate event. */
  by: string;
  at: string;
};

export type ClientServiceStatus = 'ACTIVE' | 'SUSPENDED' | 'INACTIVE';

/** Why a client service is suspended; `causeEventId` is the certificate event that caused it, if any. */
export type PublishedSuspension = { reason: string; causeEventId?: string; byAccessExpiry: boolean };

export type ClientServiceIntegrationEvent =
  | {
      type: 'ClientServiceRegistered';
      data: ClientServiceFact & { name: string; status: 'ACTIVE' | 'SUSPENDED'; suspension?: PublishedSuspension };
    }
  | { type: 'ClientServiceSuspended'; data: ClientServiceFact & PublishedSuspension }
  | { type: 'ClientServiceActivated'; data: ClientServiceFact }
  | { type: 'ClientServiceDeactivated'; data: ClientServiceFact & { reason: string } };

/** An envelope on `signstash.client-services.v1`: narrowing `type` narrows `data`. */
export type ClientServiceEnvelope = EnvelopeOf<ClientServiceIntegrationEvent>;
