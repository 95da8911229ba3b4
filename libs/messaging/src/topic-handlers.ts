import type { EnvelopeOf } from '@signstash/contracts';
import type { BatchHandler, EventHandler } from './event-dispatch';

type Event = { type: string; data: Record<string, unknown> };

/** One handler per event type of a topic, each typed by the envelope of the type it is registered for. */
export type TopicHandlers<E extends Event> = {
  [Type in E['type']]?: EventHandler<EnvelopeOf<Extract<E, { type: Type }>>>;
};

/**
 * The handlers of a topic's events, typed against its contract (libs/contracts). The consumer
 * dispatches by `type`, so a handler registered for a type only ever gets envelopes of that type:
 * this is the one place where a topic's envelopes are taken to be what its contract says.
 */
export function topicHandlers<E extends Event>(handlers: TopicHandlers<E>): Readonly<Record<string, EventHandler>> {
  const byType: Record<string, EventHandler> = {};
  for (const [type, handler] of Object.entries(handlers)) if (handler) byType[type] = handler as EventHandler;
  return byType;
}

/** The batch handlers of a topic's events (see BatchHandler), typed against its contract as `topicHandlers` are. */
export function topicBatchHandlers<E extends Event>(handlers: {
  [Type in E['type']]?: BatchHandler<EnvelopeOf<Extract<E, { type: Type }>>>;
}): Readonly<Record<string, BatchHandler>> {
  const byType: Record<string, BatchHandler> = {};
  for (const [type, handler] of Object.entries(handlers)) if (handler) byType[type] = handler as BatchHandler;
  return byType;
}
