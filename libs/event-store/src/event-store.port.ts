import type { Decider, DomainEvent } from './decider';

/**
 * The event store port. Revisions are 0-based per stream (the first event is revision 0);
 * global positions are positive, strictly increasing across the whole store, and opaque
 * beyond ordering (bigint so KurrentDB's commit positions fit).
 */
export type StreamRevision = number;
export type GlobalPosition = bigint;

export type ExpectedRevision = { kind: 'no-stream' } | { kind: 'exact'; revision: StreamRevision } | { kind: 'any' };

export const ExpectedRevision = {
  noStream: { kind: 'no-stream' } as ExpectedRevision,
  any: { kind: 'any' } as ExpectedRevision,
  exact: (revision: StreamRevision): ExpectedRevision => ({ kind: 'exact', revision }),
  /** `exact` after reading a stream, `no-stream` when it had no events. */
  after: (revision: StreamRevision | undefined): ExpectedRevision =>
    revision === undefined ? { kind: 'no-stream' } : { kind: 'exact', revision },
};

export interface EventMetadata {
  correlationId?: string;
  causationId?: string;
  /** Who issued the command: an operator id, or `system`. */
  actor?: string;
  [key: string]: unknown;
}

export interface NewEvent<Type extends string = string, Data = unknown> {
  /** UUID. Re-appending an event id already in the stream is a no-op (idempotent append). */
  eventId: string;
  type: Type;
  data: Data;
  metadata?: EventMetadata;
}

/** Where and when an event was stored: what a read adds to the event itself. */
export interface EventRecord {
  eventId: string;
  metadata: EventMetadata;
  streamId: string;
  revision: StreamRevision;
  position: GlobalPosition;
  recordedAt: Date;
}

export interface RecordedEvent<Type extends string = string, Data = unknown> extends EventRecord {
  type: Type;
  data: Data;
}

/** A stored event of the union `E`: each member keeps its own `data`, so a switch on `type` narrows it. */
export type Recorded<E extends DomainEvent> = E & EventRecord;

export interface AppendResult {
  /** Revision of the last event of the stream after the append (-1 after an empty append to a missing stream). */
  nextExpectedRevision: StreamRevision;
  /** Position of the last appended event (or of the already-stored one on an idempotent re-append). */
  position: GlobalPosition;
}

export interface ReadStreamOptions {
  fromRevision?: StreamRevision;
  maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position. Omit to start from the beginning. */
  after?: GlobalPosition;
  maxCount?: number;
  filter?: EventFilter;
}

/**
 * Stream category is the part of the stream id before the first '-', e.g. `certificate` for `certificate-42`.
 * An absent or empty list does not constrain; both lists given means both must match.
 */
export interface EventFilter {
  streamCategories?: string[];
  eventTypes?: string[];
}

export interface SubscriptionHandler {
  onEvent(event: RecordedEvent): Promise<void>;
  /** Called once the subscription has read everything stored when it started and is now live. */
  onCaughtUp?(): void;
  /** Called on a failure the subscription will retry; the subscription resumes from its last delivered position. */
  onError?(error: unknown): void;
}

export interface SubscribeOptions {
  after?: GlobalPosition;
  filter?: EventFilter;
  /** Delay before resubscribing after an error. */
  retryDelayMs?: number;
}

export interface Subscription {
  stop(): Promise<void>;
}

export interface EventStore {
  appendToStream(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult>;
  /**
   * All events of a stream in order, or an empty array for a stream that does not exist, typed as
   * the stream's events `E` (a stream holds only what its own decider appended).
   */
  readStream<E extends DomainEvent = DomainEvent>(
    streamId: string,
    options?: ReadStreamOptions,
  ): Promise<Recorded<E>[]>;
  /** `E`: the events the filter lets through (untyped without one). */
  readAll<E extends DomainEvent = DomainEvent>(options?: ReadAllOptions): Promise<Recorded<E>[]>;
  /** Position of the newest event in the store (matching the filter), or 0n when there is none. */
  headPosition(filter?: EventFilter): Promise<GlobalPosition>;
  /**
   * Catch-up subscription: delivers every event after `after` in global order, then goes live.
   * `onEvent` is awaited before the next delivery; if it throws, the subscription calls
   * `onError` and redelivers from that event after `retryDelayMs`.
   */
  subscribeToAll(handler: SubscriptionHandler, options?: SubscribeOptions): Subscription;
  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EVENT_STORE');

/**
 * The one place the store's untyped JSON becomes the caller's event types, used by every adapter's
 * reads: the store checks no schema, the stream's (or the filter's) own writer does.
 */
export const storedAs = <E extends DomainEvent>(events: RecordedEvent[]): Recorded<E>[] => events as Recorded<E>[];

const RECORD_FIELDS = [
  'eventId',
  'metadata',
  'streamId',
  'revision',
  'position',
  'recordedAt',
] as const satisfies readonly (keyof EventRecord)[];

/** The domain event a stored one was appended as: its `type` and `data`, without where and when it was stored. */
export function eventOf<E extends DomainEvent>(recorded: Recorded<E>): E {
  const event: E = { ...recorded };
  for (const field of RECORD_FIELDS) Reflect.deleteProperty(event, field);
  return event;
}

/** A stream read and folded: its state, its events, and the revision to append after (undefined: no stream yet). */
export interface AggregatedStream<State, Event extends DomainEvent> {
  state: State;
  events: Recorded<Event>[];
  revision: StreamRevision | undefined;
}

/** Reads a stream and folds it with the decider (Emmett's `aggregateStream`). */
export async function aggregateStream<State, Event extends DomainEvent>(
  store: EventStore,
  streamId: string,
  decider: Pick<Decider<State, unknown, Event>, 'initialState' | 'evolve'>,
  options?: ReadStreamOptions,
): Promise<AggregatedStream<State, Event>> {
  const events = await store.readStream<Event>(streamId, options);
  return {
    state: events.reduce<State>(decider.evolve, decider.initialState()),
    events,
    revision: events.length > 0 ? events[events.length - 1].revision : undefined,
  };
}

export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: StreamRevision | undefined,
  ) {
    super(
      `stream ${streamId}: expected ${expected.kind === 'exact' ? `revision ${expected.revision}` : expected.kind}, ` +
        `but it is ${actual === undefined ? 'absent' : `at revision ${actual}`}`,
    );
    this.name = 'WrongExpectedRevisionError';
  }
}

export const streamCategory = (streamId: string): string => {
  const dash = streamId.indexOf('-');
  return dash === -1 ? streamId : streamId.slice(0, dash);
};
