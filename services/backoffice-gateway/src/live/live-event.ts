import type { IntegrationEnvelope } from '@signstash/contracts';

/** What an open page is told: enough to know which of its queries went stale, nothing of the event's content. */
export interface LiveEvent {
  topic: 'certificates' | 'client-services';
  type: string;
  certificateId: string;
  clientServiceId?: string;
  occurredAt: string;
}

/** The browser-facing form of an integration event, or undefined for an event no page shows. */
export function toLiveEvent(topic: LiveEvent['topic'], envelope: IntegrationEnvelope): LiveEvent | undefined {
  const certificateId = envelope.data?.certificateId;
  if (typeof certificateId !== 'string' || typeof envelope.issuerId !== 'string') return undefined;
  return {
    topic,
    type: envelope.type,
    certificateId,
    ...(topic === 'client-services' ? { clientServiceId: envelope.aggregateId } : {}),
    occurredAt: envelope.occurredAt,
  };
}

/** One server-sent event, as the EventSource reads it (`event:` names the listener, `data:` one line of JSON). */
export const sseFrame = (event: string, data: unknown): string => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
