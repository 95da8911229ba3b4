import {
  AppendResult,
  EventFilter,
  EventStore,
  ExpectedRevision,
  GlobalPosition,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  Recorded,
  streamCategory,
  SubscribeOptions,
  Subscription,
  SubscriptionHandler,
  WrongExpectedRevisionError,
} from './event-store.port';
import type { DomainEvent } from './decider';

/** accepted: events appended (or none needed); rejected: a business rule said no; conflict: another writer got in first. */
export type CommandOutcome = 'accepted' | 'rejected' | 'conflict' | 'failed';

/** What a service's metrics learn from its event store and its commands. */
export interface EventStoreObserver {
  appended(category: string, events: NewEvent[]): void;
  conflicted(category: string): void;
  commandHandled(command: string, outcome: CommandOutcome, seconds: number): void;
}

/** The service's event store, reporting appends, conflicts and the commands handled through it. */
export class InstrumentedEventStore implements EventStore {
  constructor(
    private readonly inner: EventStore,
    readonly observer: EventStoreObserver,
  ) {}

  async appendToStream(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    try {
      const result = await this.inner.appendToStream(streamId, events, expected);
      this.observer.appended(streamCategory(streamId), events);
      return result;
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) this.observer.conflicted(streamCategory(streamId));
      throw error;
    }
  }

  readStream<E extends DomainEvent = DomainEvent>(
    streamId: string,
    options?: ReadStreamOptions,
  ): Promise<Recorded<E>[]> {
    return this.inner.readStream<E>(streamId, options);
  }

  readAll<E extends DomainEvent = DomainEvent>(options?: ReadAllOptions): Promise<Recorded<E>[]> {
    return this.inner.readAll<E>(options);
  }

  headPosition(filter?: EventFilter): Promise<GlobalPosition> {
    return this.inner.headPosition(filter);
  }

  subscribeToAll(handler: SubscriptionHandler, options?: SubscribeOptions): Subscription {
    return this.inner.subscribeToAll(handler, options);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

export const observerOf = (store: EventStore): EventStoreObserver | undefined =>
  store instanceof InstrumentedEventStore ? store.observer : undefined;
