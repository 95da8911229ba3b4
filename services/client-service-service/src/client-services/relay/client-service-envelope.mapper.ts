import type { IntegrationEnvelope } from '@signstash/contracts';
import type { RecordedEvent } from '@signstash/event-store';
import type { ClientServiceEvent } from '../client-service.aggregate';

/** A stored client-service event as published on `signstash.client-services.v1` (schema version 1). */
export function toClientServiceEnvelope(recorded: RecordedEvent): IntegrationEnvelope {
  const event = recorded as unknown as ClientServiceEvent & RecordedEvent;
  return {
    eventId: recorded.eventId,
    type: recorded.type,
    schemaVersion: 1,
    occurredAt: event.data.at,
    issuerId: event.data.issuerId,
    aggregateId: event.data.clientServiceId,
    streamRevision: recorded.revision,
    ...(recorded.metadata.correlationId ? { correlationId: recorded.metadata.correlationId } : {}),
    ...(recorded.metadata.causationId ? { causationId: recorded.metadata.causationId } : {}),
    data: event.data as unknown as Record<string, unknown>,
  };
}
