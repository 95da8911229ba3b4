import { randomUUID } from 'node:crypto';
import { DomainError } from '@signstash/contracts';
import { Decider, DomainEvent } from './decider';
import { CommandOutcome, observerOf } from './instrumented-event-store';
import {
  aggregateStream,
  EventMetadata,
  EventStore,
  ExpectedRevision,
  GlobalPosition,
  NewEvent,
  StreamRevision,
  WrongExpectedRevisionError,
} from './event-store.port';

export interface EventIdContext<Event extends DomainEvent> {
  streamId: string;
  /** Revision the event will get in the stream. */
  revision: StreamRevision;
  /** Index of the event among those this command produced. */
  index: number;
  event: Event;
}

/**
 * Something the new events need outside their own stream (a unique alias, held on a stream of its
 * own), claimed after `decide` and before the append: `undo` gives it back when the append fails,
 * `kept` runs once the append went through (e.g. to release what the events replaced).
 */
export interface Reservation {
  undo(): Promise<void>;
  kept?(): Promise<void>;
}

/** The command, or how to build it from the state just read (when it needs facts the stream holds). */
export type CommandFrom<State, Command> = Command | { fromState: (state: State) => Promise<Command> | Command };

export interface HandleCommandOptions<Event extends DomainEvent, State = unknown> {
  /**
   * The revision the caller last saw (If-Match). The stream must still be there, else a
   * WrongExpectedRevisionError; `no-stream` demands a new stream. Never retried.
   */
  expected?: ExpectedRevision;
  /** Re-read, re-decide and re-append up to this many times when another writer got in first. Off by default. */
  retryOnConflict?: number;
  /** Put on every event: actor, correlationId, causationId. */
  metadata?: EventMetadata;
  /** Event ids; default random. Derive them from the command for commands that may be delivered twice. */
  eventId?: (context: EventIdContext<Event>) => string;
  /** Claims what the decided events need elsewhere; see Reservation. Not called when nothing was decided. */
  reserve?: (events: Event[], state: State) => Promise<Reservation | undefined>;
}

export interface CommandResult<State, Event extends DomainEvent> {
  newEvents: NewEvent<Event['type'], Event['data']>[];
  newState: State;
  /** Revision of the stream's last event after the command; undefined when the stream still does not exist. */
  nextExpectedRevision: StreamRevision | undefined;
  /** Global position of the last appended event; undefined when the command produced no event. */
  position?: GlobalPosition;
}

/**
 * Read → fold → decide → append with the exact revision that was read (`no-stream` for a new stream),
 * so a concurrent writer surfaces as WrongExpectedRevisionError instead of a lost update.
 * Domain errors thrown by `decide` propagate untouched, and before a stale expected revision is reported.
 */
export async function handleCommand<State, Command, Event extends DomainEvent>(
  store: EventStore,
  streamId: string,
  decider: Decider<State, Command, Event>,
  command: CommandFrom<State, Command>,
  options: HandleCommandOptions<Event, State> = {},
): Promise<CommandResult<State, Event>> {
  const retries = options.expected ? 0 : Math.max(0, options.retryOnConflict ?? 0);
  const observer = observerOf(store);
  const started = performance.now();
  let name = commandName(command);
  const report = (outcome: CommandOutcome) =>
    observer?.commandHandled(name, outcome, (performance.now() - started) / 1000);
  for (let attempt = 0; ; attempt++) {
    try {
      const result = await attemptCommand(store, streamId, decider, command, options, (built) => {
        name = commandName(built);
      });
      report('accepted');
      return result;
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError) || attempt >= retries) {
        report(outcomeOf(error));
        throw error;
      }
    }
  }
}

const isBuilt = <State, Command>(
  command: CommandFrom<State, Command>,
): command is { fromState: (state: State) => Promise<Command> | Command } =>
  typeof (command as { fromState?: unknown })?.fromState === 'function';

const commandName = (command: unknown): string =>
  typeof (command as { type?: unknown })?.type === 'string' ? (command as { type: string }).type : 'unnamed';

const outcomeOf = (error: unknown): CommandOutcome =>
  error instanceof WrongExpectedRevisionError ? 'conflict' : error instanceof DomainError ? 'rejected' : 'failed';

async function attemptCommand<State, Command, Event extends DomainEvent>(
  store: EventStore,
  streamId: string,
  decider: Decider<State, Command, Event>,
  commandFrom: CommandFrom<State, Command>,
  options: HandleCommandOptions<Event, State>,
  built: (command: Command) => void,
): Promise<CommandResult<State, Event>> {
  const { state, revision: current } = await aggregateStream(store, streamId, decider);
  const command = isBuilt(commandFrom) ? await commandFrom.fromState(state) : commandFrom;
  built(command);
  // Decide first: a decider that refuses what the caller may not see (another tenant's stream)
  // must answer the same whatever revision the caller claims, or a stale one reveals the stream.
  const decided = decider.decide(command, state);
  if (options.expected && !isAt(options.expected, current)) {
    throw new WrongExpectedRevisionError(streamId, options.expected, current);
  }
  if (decided.length === 0) return { newEvents: [], newState: state, nextExpectedRevision: current };

  const eventId = options.eventId ?? (() => randomUUID());
  const firstRevision = (current ?? -1) + 1;
  const newEvents = decided.map((event, index) => ({
    eventId: eventId({ streamId, revision: firstRevision + index, index, event }),
    type: event.type,
    data: event.data,
    ...(options.metadata ? { metadata: { ...options.metadata } } : {}),
  }));
  const reservation = options.reserve ? await options.reserve(decided, state) : undefined;
  let result: Awaited<ReturnType<EventStore['appendToStream']>>;
  try {
    result = await store.appendToStream(streamId, newEvents, ExpectedRevision.after(current));
  } catch (error) {
    await reservation?.undo();
    throw error;
  }
  await reservation?.kept?.();
  return {
    newEvents,
    newState: decided.reduce(decider.evolve, state),
    nextExpectedRevision: result.nextExpectedRevision,
    position: result.position,
  };
}

const isAt = (expected: ExpectedRevision, current: StreamRevision | undefined): boolean =>
  expected.kind === 'any' || (expected.kind === 'no-stream' ? current === undefined : current === expected.revision);
