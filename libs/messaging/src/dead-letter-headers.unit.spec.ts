import { deadLetterHeaders, originalHeaders, readDeadLetterCause } from './dead-letter-headers';

describe('dead-letter headers', () => {
  const cause = {
    error: 'Error: boom',
    originalTopic: 'signstash.certificates.v1',
    originalPartition: 2,
    originalOffset: '41',
    consumerGroup: 'notification-service',
    attempts: 5,
    failedAt: new Date('2026-03-01T10:00:00.000Z'),
  };

  it('round-trips the cause and keeps the original headers apart', () => {
    const headers = deadLetterHeaders({ 'signstash-event-id': 'e-1' }, cause);
    const asReceived = Object.fromEntries(
      Object.entries(headers).map(([name, text]) => [name, Buffer.from(String(text))]),
    );

    expect(readDeadLetterCause(asReceived)).toEqual(cause);
    expect(Object.keys(originalHeaders(asReceived))).toEqual(['signstash-event-id']);
  });

  it('finds no cause on a message that was not dead-lettered', () => {
    expect(readDeadLetterCause({ 'signstash-event-id': 'e-1' })).toBeUndefined();
  });
});
