import type { IntegrationEnvelope } from '@signstash/contracts';
import { sseFrame, toLiveEvent } from './live-event';

const envelope = (data: Record<string, unknown>): IntegrationEnvelope => ({
  eventId: 'e1',
  type: 'ClientServiceSuspended',
  schemaVersion: 1,
  occurredAt: '2026-12-03T10:00:00.000Z',
  issuerId: 'acme',
  aggregateId: 'cs-1',
  streamRevision: 3,
  data,
});

describe('live events', () => {
  it('names the certificate, and the client service for a client-service event, and nothing of the content', () => {
    const event = envelope({ certificateId: 'c-1', reason: 'certificate access expired', by: 'op-7' });
    expect(toLiveEvent('client-services', event)).toEqual({
      topic: 'client-services',
      type: 'ClientServiceSuspended',
      certificateId: 'c-1',
      clientServiceId: 'cs-1',
      occurredAt: '2026-12-03T10:00:00.000Z',
    });
    expect(toLiveEvent('certificates', { ...event, type: 'AccessExpired', aggregateId: 'c-1' })).toEqual({
      topic: 'certificates',
      type: 'AccessExpired',
      certificateId: 'c-1',
      occurredAt: '2026-12-03T10:00:00.000Z',
    });
  });

  it('drops an event that names no certificate (no page shows it)', () => {
    expect(toLiveEvent('certificates', envelope({}))).toBeUndefined();
  });

  it('frames one server-sent event per message, its data on one line', () => {
    expect(sseFrame('change', { a: 'x\ny' })).toBe('event: change\ndata: {"a":"x\\ny"}\n\n');
  });
});
