import type { ClientServiceEnvelope, ClientServiceIntegrationEvent } from '@signstash/contracts';
import type { RecordedEvent } from '@signstash/event-store';
import type { ClientServiceEvent } from '../client-service.aggregate';

/** The domain events are published as they are; typed against the contract, so a breaking change does not compile. */
const published = (event: ClientServiceEvent): ClientServiceIntegrationEvent => event;

/** A stored client-service event as published on `signstash.client-services.v1` (schema version 1). */
export function toClientServiceEnvelope(recorded: RecordedEvent): ClientServiceEnvelope {
  const event = published({ type: recorded.type, data: recorded.data } as ClientServiceEvent);
  return {
    eventId: recorded.eventId,
    schemaVersion: 1,
    occurredAt: event.data.at,
    issuerId: event.data.issuerId,
    aggregateId: event.data.clientServiceId,
    streamRevision: recorded.revision,
    ...(recorded.metadata.correlationId ? { correlationId: recorded.metadata.correlationId } : {}),
    ...(recorded.metadata.causationId ? { causationId: recorded.metadata.causationId } : {}),
    ...event,
  };
}
