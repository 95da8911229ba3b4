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

export interface RecordedEvent<Type extends string = string, Data = unknown> {
  eventId: string;
  type: Type;
  data: Data;
  metadata: EventMetadata;
  streamId: string;
  revision: StreamRevision;
  position: GlobalPosition;
  recordedAt: Date;
}

export interface AppendResult {
  /** Revision of the last event of the stream after the append (-1 after an empty append to a missing stream). */
  nextExpectedRevision: StreamRevision;
  /** Position of the last appended event (or of the already-stored one on an idempotent re-append). */
  position: GlobalPosition;
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
  /** All events of a stream in order, or an empty array for a stream that does not exist. */
  readStream(
    streamId: string,
    options?: { fromRevision?: StreamRevision; maxCount?: number },
  ): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
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
