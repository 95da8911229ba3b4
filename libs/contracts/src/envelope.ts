/**
 * What travels on every integration topic. Keyed on Kafka by `aggregateId`, so one
 * aggregate's events stay in order; consumers dedupe by `eventId`.
 */
export interface IntegrationEnvelope<Type extends string = string, Data = Record<string, unknown>> {
  eventId: string;
  type: Type;
  schemaVersion: number;
  occurredAt: string;
  issuerId: string;
  aggregateId: string;
  /** Revision of the event in its source stream, 0-based. */
  streamRevision: number;
  correlationId?: string;
  causationId?: string;
  data: Data;
}

export const HEADER_EVENT_ID = 'signstash-event-id';
export const HEADER_EVENT_TYPE = 'signstash-event-type';
export const HEADER_CORRELATION_ID = 'signstash-correlation-id';

/** The envelope of one of a topic's events: an event (`type` and `data`) with the envelope's other fields. */
export type EnvelopeOf<Event extends { type: string; data: unknown }> = Omit<IntegrationEnvelope, 'type' | 'data'> &
  Event;
