import type { ClientServiceEnvelope, ClientServiceIntegrationEvent } from '@signstash/contracts';
import { eventOf, type Recorded } from '@signstash/event-store';
import { relayedEnvelope } from '@signstash/messaging';
import type { ClientServiceEvent } from '../client-service.aggregate';

export const CLIENT_SERVICE_EVENTS_SCHEMA_VERSION = 1;

/** The domain events are published as they are; typed against the contract, so a breaking change does not compile. */
const published = (event: ClientServiceEvent): ClientServiceIntegrationEvent => event;

/** A stored client-service event as published on `signstash.client-services.v1`. */
export function toClientServiceEnvelope(recorded: Recorded<ClientServiceEvent>): ClientServiceEnvelope {
  const event = eventOf(recorded);
  return relayedEnvelope(recorded, published(event), {
    schemaVersion: CLIENT_SERVICE_EVENTS_SCHEMA_VERSION,
    aggregateId: event.data.clientServiceId,
  });
}
