import type { EnvelopeOf } from '@signstash/contracts';
import type { EventRecord } from '@signstash/event-store';

/** What every relayed event says of itself: when it happened and whose it is. */
interface PublishedEvent {
  type: string;
  data: { at: string; issuerId: string };
}

/**
 * A stored event as its integration topic carries it, the same for every relay: the envelope's
 * fields from where the event was stored, then the event as the topic's contract publishes it.
 */
export function relayedEnvelope<Event extends PublishedEvent>(
  recorded: EventRecord,
  event: Event,
  contract: { schemaVersion: number; aggregateId: string },
): EnvelopeOf<Event> {
  return {
    eventId: recorded.eventId,
    schemaVersion: contract.schemaVersion,
    occurredAt: event.data.at,
    issuerId: event.data.issuerId,
    aggregateId: contract.aggregateId,
    streamRevision: recorded.revision,
    ...(recorded.metadata.correlationId ? { correlationId: recorded.metadata.correlationId } : {}),
    ...(recorded.metadata.causationId ? { causationId: recorded.metadata.causationId } : {}),
    ...event,
  };
}
