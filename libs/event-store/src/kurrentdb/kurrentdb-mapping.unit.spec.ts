import { ANY, NO_STREAM, RecordedEvent as KurrentRecordedEvent, START } from '@kurrent/kurrentdb-client';
import { ExpectedRevision } from '../event-store.port';
import {
  fromKurrentMetadata,
  fromResolvedEvent,
  fromStreamState,
  matchesFilter,
  toEventData,
  toReadPosition,
  toServerFilter,
  toStreamState,
} from './kurrentdb-mapping';

const recorded = (overrides: Record<string, unknown> = {}) => ({
  event: {
    streamId: 'certificate-42',
    id: '0b5c5a2e-5a9f-4f0e-9f3a-0c1d2e3f4a5b',
    isJson: true,
    revision: 3n,
    type: 'CertificateRegistered',
    created: new Date('2025-01-02T03:04:05Z'),
    data: { alias: 'a' },
    metadata: { $correlationId: 'corr', $causationId: 'cause', actor: 'op-1' },
    position: { commit: 1234n, prepare: 1234n },
    ...overrides,
  } as unknown as KurrentRecordedEvent,
});

describe('KurrentDB mapping', () => {
  it('maps expected revisions to stream states and back', () => {
    expect(toStreamState(ExpectedRevision.noStream)).toBe(NO_STREAM);
    expect(toStreamState(ExpectedRevision.any)).toBe(ANY);
    expect(toStreamState(ExpectedRevision.exact(0))).toBe(0n);
    expect(toStreamState(ExpectedRevision.exact(41))).toBe(41n);
    expect(fromStreamState(NO_STREAM)).toBeUndefined();
    expect(fromStreamState(-1n)).toBeUndefined();
    expect(fromStreamState(7n)).toBe(7);
  });

  it('resumes from a commit position as { commit, prepare } and from the start for none or 0', () => {
    expect(toReadPosition(undefined)).toBe(START);
    expect(toReadPosition(0n)).toBe(START);
    expect(toReadPosition(1234n)).toEqual({ commit: 1234n, prepare: 1234n });
  });

  it('writes correlation and causation ids under KurrentDB conventions and reads them back', () => {
    const data = toEventData({
      eventId: '0b5c5a2e-5a9f-4f0e-9f3a-0c1d2e3f4a5b',
      type: 'CertificateRegistered',
      data: { alias: 'a' },
      metadata: { correlationId: 'corr', causationId: 'cause', actor: 'op-1' },
    });
    expect(data).toMatchObject({
      id: '0b5c5a2e-5a9f-4f0e-9f3a-0c1d2e3f4a5b',
      contentType: 'application/json',
      type: 'CertificateRegistered',
    });
    expect(data.metadata).toEqual({ $correlationId: 'corr', $causationId: 'cause', actor: 'op-1' });
    expect(fromKurrentMetadata(data.metadata)).toEqual({ correlationId: 'corr', causationId: 'cause', actor: 'op-1' });
    expect(fromKurrentMetadata(undefined)).toEqual({});
    expect(fromKurrentMetadata(new Uint8Array([1]))).toEqual({});
  });

  it('maps a resolved event to the port, with the commit position as global position', () => {
    expect(fromResolvedEvent(recorded())).toEqual({
      eventId: '0b5c5a2e-5a9f-4f0e-9f3a-0c1d2e3f4a5b',
      type: 'CertificateRegistered',
      data: { alias: 'a' },
      metadata: { correlationId: 'corr', causationId: 'cause', actor: 'op-1' },
      streamId: 'certificate-42',
      revision: 3,
      position: 1234n,
      recordedAt: new Date('2025-01-02T03:04:05Z'),
    });
  });

  it('drops system events and unresolved links', () => {
    expect(fromResolvedEvent(recorded({ type: '$metadata' }))).toBeUndefined();
    expect(fromResolvedEvent(recorded({ streamId: '$stats-127.0.0.1:2113' }))).toBeUndefined();
    expect(fromResolvedEvent({})).toBeUndefined();
  });

  it('filters by category prefix or event type on the server and re-checks exactly on the client', () => {
    expect(toServerFilter({ streamCategories: ['certificate'] })).toMatchObject({
      filterOn: 'streamName',
      prefixes: ['certificate-'],
    });
    expect(toServerFilter({ eventTypes: ['AccessExpired'] })).toMatchObject({
      filterOn: 'eventType',
      prefixes: ['AccessExpired'],
    });
    expect(toServerFilter(undefined)).toMatchObject({ filterOn: 'eventType', regex: '^[^$].*' });
    const event = fromResolvedEvent(recorded())!;
    expect(matchesFilter(event, { streamCategories: ['certificate'], eventTypes: ['CertificateRegistered'] })).toBe(
      true,
    );
    expect(matchesFilter(event, { streamCategories: ['cert'] })).toBe(false);
    expect(matchesFilter(event, { eventTypes: ['CertificateRegisteredTwice'] })).toBe(false);
    expect(matchesFilter(event, { streamCategories: [], eventTypes: [] })).toBe(true);
  });
});
