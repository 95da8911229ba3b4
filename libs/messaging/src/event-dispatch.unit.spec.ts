import { IntegrationEnvelope } from '@signstash/contracts';
import { dispose, DispatchRules, parseEnvelope } from './event-dispatch';

const envelope = (type: string): IntegrationEnvelope => ({
  eventId: 'e-1',
  type,
  schemaVersion: 1,
  occurredAt: '2026-01-01T00:00:00.000Z',
  issuerId: 'issuer-1',
  aggregateId: 'a-1',
  streamRevision: 0,
  data: {},
});
const value = (content: unknown) => Buffer.from(typeof content === 'string' ? content : JSON.stringify(content));
const handled: DispatchRules['handlers'] = { Known: async () => undefined };

describe('parseEnvelope', () => {
  it('rejects what is not an envelope, saying why', () => {
    expect(parseEnvelope(null)).toEqual({ invalid: 'message has no value' });
    expect(parseEnvelope(value('{'))).toEqual({ invalid: expect.stringMatching(/^value is not JSON/) });
    expect(parseEnvelope(value([1]))).toEqual({ invalid: 'value is not a JSON object' });
    expect(parseEnvelope(value({ type: 'Known' }))).toEqual({ invalid: 'envelope lacks eventId, aggregateId' });
  });

  it('accepts an envelope', () => {
    expect(parseEnvelope(value(envelope('Known')))).toEqual(envelope('Known'));
  });
});

describe('dispose', () => {
  it('hands a known type to its handler', () => {
    expect(dispose(value(envelope('Known')), { handlers: handled }, 'g')).toMatchObject({
      kind: 'handle',
      handler: handled.Known,
    });
  });

  it('dead-letters a type without a handler unless it is declared not for us', () => {
    expect(dispose(value(envelope('Other')), { handlers: handled }, 'g')).toEqual({
      kind: 'dead-letter',
      reason: "no handler for event type 'Other' in consumer group g",
    });
    expect(dispose(value(envelope('Other')), { handlers: handled, ignoreTypes: ['Other'] }, 'g')).toMatchObject({
      kind: 'ignore',
    });
    expect(dispose(value(envelope('Other')), { handlers: handled, skipUnknownTypes: true }, 'g')).toMatchObject({
      kind: 'ignore',
    });
  });

  it('does not take inherited properties for handlers', () => {
    expect(dispose(value(envelope('toString')), { handlers: handled }, 'g')).toMatchObject({ kind: 'dead-letter' });
  });

  it('dead-letters an unparseable value even when unknown types are skipped', () => {
    expect(dispose(value('nope'), { handlers: handled, skipUnknownTypes: true }, 'g')).toMatchObject({
      kind: 'dead-letter',
      reason: expect.stringMatching(/^unparseable envelope/),
    });
  });
});
