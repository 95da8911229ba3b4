import {
  ANY,
  AppendStreamState,
  CurrentStreamState,
  EventData,
  Filter,
  NO_STREAM,
  ReadPosition,
  RecordedEvent as KurrentRecordedEvent,
  START,
  eventTypeFilter,
  excludeSystemEvents,
  jsonEvent,
  streamNameFilter,
} from '@kurrent/kurrentdb-client';
import {
  EventFilter,
  EventMetadata,
  ExpectedRevision,
  GlobalPosition,
  NewEvent,
  RecordedEvent,
  StreamRevision,
  streamCategory,
} from '../event-store.port';

type JsonObject = Record<string, unknown>;

/** Both numberings are 0-based per stream; only the no-stream / any markers differ. */
export const toStreamState = (expected: ExpectedRevision): AppendStreamState =>
  expected.kind === 'no-stream' ? NO_STREAM : expected.kind === 'any' ? ANY : BigInt(expected.revision);

export const fromStreamState = (state: CurrentStreamState | bigint | undefined): StreamRevision | undefined =>
  typeof state === 'bigint' && state >= 0n ? Number(state) : undefined;

/**
 * A port position is the event's commit position. Since EventStoreDB 20 every event is its own
 * implicit transaction (commit = prepare position), so it is unique per event and resuming needs no
 * more than it; the server takes it back as { commit: p, prepare: p }.
 */
export const toReadPosition = (after: GlobalPosition | undefined): ReadPosition =>
  after === undefined || after <= 0n ? START : { commit: after, prepare: after };

/** KurrentDB's own conventions ($correlationId / $causationId) are what its projections understand. */
export function toKurrentMetadata(metadata: EventMetadata | undefined): JsonObject {
  const { correlationId, causationId, ...rest } = metadata ?? {};
  return {
    ...rest,
    ...(correlationId !== undefined ? { $correlationId: correlationId } : {}),
    ...(causationId !== undefined ? { $causationId: causationId } : {}),
  };
}

export function fromKurrentMetadata(raw: unknown): EventMetadata {
  if (raw === null || typeof raw !== 'object' || raw instanceof Uint8Array || Array.isArray(raw)) return {};
  const { $correlationId, $causationId, ...rest } = raw as JsonObject;
  return {
    ...rest,
    ...(typeof $correlationId === 'string' ? { correlationId: $correlationId } : {}),
    ...(typeof $causationId === 'string' ? { causationId: $causationId } : {}),
  };
}

export const toEventData = (event: NewEvent): EventData =>
  jsonEvent({
    id: event.eventId,
    type: event.type,
    data: (event.data ?? null) as JsonObject,
    metadata: toKurrentMetadata(event.metadata),
  });

/**
 * Undefined for unresolved links, system events (`$`-prefixed type or stream) and events without a
 * position (stream reads from servers before 22.6 carry it only on the resolved event).
 */
export function fromResolvedEvent(resolved: {
  event?: KurrentRecordedEvent;
  commitPosition?: bigint;
}): RecordedEvent | undefined {
  const event = resolved.event;
  const position = event?.position?.commit ?? resolved.commitPosition;
  if (!event || position === undefined || event.type.startsWith('$') || event.streamId.startsWith('$'))
    return undefined;
  return {
    eventId: event.id,
    type: event.type,
    data: event.data,
    metadata: fromKurrentMetadata(event.metadata),
    streamId: event.streamId,
    revision: Number(event.revision),
    position,
    recordedAt: event.created,
  };
}

/**
 * The server filters on one thing only: stream-name prefixes (`category-`) when categories are given,
 * else event types, else it just drops system events. `matchesFilter` then re-checks exactly on the
 * client (prefixes over-match: type `Foo` also selects `FooBar`).
 */
export function toServerFilter(filter: EventFilter | undefined): Filter {
  const categories = filter?.streamCategories ?? [];
  const types = filter?.eventTypes ?? [];
  if (categories.length > 0) return streamNameFilter({ prefixes: categories.map((category) => `${category}-`) });
  if (types.length > 0) return eventTypeFilter({ prefixes: types });
  return excludeSystemEvents();
}

export function matchesFilter(event: RecordedEvent, filter: EventFilter | undefined): boolean {
  const categories = filter?.streamCategories ?? [];
  const types = filter?.eventTypes ?? [];
  return (
    (categories.length === 0 || categories.includes(streamCategory(event.streamId))) &&
    (types.length === 0 || types.includes(event.type))
  );
}
