import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { IntegrationEnvelope } from '@signstash/contracts';
import { EventStore, ExpectedRevision, RecordedEvent, streamCategory } from '@signstash/event-store';

// Shared by the relay's int specs.

/** Alias reservations are internal streams: the mapping skips them, as the certificate service's does. */
export const toEnvelope = (event: RecordedEvent): IntegrationEnvelope | undefined =>
  streamCategory(event.streamId) === 'reservation'
    ? undefined
    : {
        eventId: event.eventId,
        type: event.type,
        schemaVersion: 1,
        occurredAt: event.recordedAt.toISOString(),
        issuerId: 'issuer-1',
        aggregateId: event.streamId.slice(event.streamId.indexOf('-') + 1),
        streamRevision: event.revision,
        data: event.data as Record<string, unknown>,
      };

export async function appendRoundRobin(store: EventStore, streams: string[], eventsPerStream: number): Promise<void> {
  for (let round = 0; round < eventsPerStream; round++) {
    for (const streamId of streams) {
      const expected = round === 0 ? ExpectedRevision.noStream : ExpectedRevision.exact(round - 1);
      await store.appendToStream(streamId, [{ eventId: randomUUID(), type: 'Counted', data: { round } }], expected);
    }
  }
}

/** Reads a topic from the beginning with its own group, collecting envelopes. */

/** Every aggregate's events arrived in stream order. */
export const inOrderPerAggregate = (envelopes: IntegrationEnvelope[]) => {
  const last = new Map<string, number>();
  return envelopes.every((envelope) => {
    const ok = envelope.streamRevision > (last.get(envelope.aggregateId) ?? -1);
    last.set(envelope.aggregateId, envelope.streamRevision);
    return ok;
  });
};

export const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
