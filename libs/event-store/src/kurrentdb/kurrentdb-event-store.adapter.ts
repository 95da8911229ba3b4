import {
  AppendResult as KurrentAppendResult,
  BACKWARDS,
  END,
  KurrentDBClient,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
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
  RecordedEvent,
  storedAs,
  StreamRevision,
  SubscribeOptions,
  Subscription,
  SubscriptionHandler,
  WrongExpectedRevisionError,
} from '../event-store.port';
import type { DomainEvent } from '../decider';
import {
  fromResolvedEvent,
  fromStreamState,
  matchesFilter,
  toEventData,
  toReadPosition,
  toServerFilter,
  toStreamState,
} from './kurrentdb-mapping';
import { subscribeToKurrentAll } from './kurrentdb-subscription';

const MAX_POSITION = 2n ** 63n;

/**
 * The production adapter over KurrentDB / EventStoreDB 20+. Idempotency by event id is the server's:
 * guaranteed for no-stream / exact appends, best effort (recent ids) for `any`.
 */
export class KurrentDbEventStore implements EventStore {
  private readonly subscriptions = new Set<Subscription>();

  constructor(
    private readonly client: KurrentDBClient,
    private readonly ownsClient = false,
  ) {}

  /** e.g. `kurrentdb://localhost:2113?tls=false`; the store disposes this client on close. */
  static fromConnectionString(connectionString: string): KurrentDbEventStore {
    return new KurrentDbEventStore(KurrentDBClient.connectionString(connectionString), true);
  }

  async appendToStream(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    let result: KurrentAppendResult;
    try {
      result = await this.client.appendToStream(streamId, events.map(toEventData), {
        streamState: toStreamState(expected),
      });
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        throw new WrongExpectedRevisionError(streamId, expected, fromStreamState(error.actualState));
      }
      throw error;
    }
    // Only with throwOnAppendFailure=false in the connection string; its reported revision is unreliable.
    if (!result.success) throw new WrongExpectedRevisionError(streamId, expected, await this.currentRevision(streamId));
    const nextExpectedRevision = Number(result.nextExpectedRevision);
    const commit = result.position?.commit;
    // An idempotent re-append may come back without a position: look the original one up.
    const position =
      commit !== undefined && commit >= 0n && commit < MAX_POSITION
        ? commit
        : await this.positionOf(streamId, nextExpectedRevision);
    return { nextExpectedRevision, position };
  }

  async readStream<E extends DomainEvent = DomainEvent>(
    streamId: string,
    options: ReadStreamOptions = {},
  ): Promise<Recorded<E>[]> {
    const events: RecordedEvent[] = [];
    try {
      const reading = this.client.readStream(streamId, {
        fromRevision: BigInt(options.fromRevision ?? 0),
        maxCount: options.maxCount ?? Number.MAX_SAFE_INTEGER,
      });
      for await (const resolved of reading) {
        const event = fromResolvedEvent(resolved);
        if (event) events.push(event);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return storedAs<E>(events);
  }

  async readAll<E extends DomainEvent = DomainEvent>(options: ReadAllOptions = {}): Promise<Recorded<E>[]> {
    const maxCount = options.maxCount ?? Number.POSITIVE_INFINITY;
    const events: RecordedEvent[] = [];
    if (maxCount <= 0) return [];
    // Reads from a position include the event at it; the port's `after` is exclusive.
    const reading = this.client.readAll({
      fromPosition: toReadPosition(options.after),
      filter: toServerFilter(options.filter),
    });
    for await (const resolved of reading) {
      const event = fromResolvedEvent(resolved);
      if (!event || (options.after !== undefined && event.position <= options.after)) continue;
      if (!matchesFilter(event, options.filter)) continue;
      events.push(event);
      if (events.length >= maxCount) break;
    }
    return storedAs<E>(events);
  }

  async headPosition(filter?: EventFilter): Promise<GlobalPosition> {
    const reading = this.client.readAll({ direction: BACKWARDS, fromPosition: END, filter: toServerFilter(filter) });
    for await (const resolved of reading) {
      const event = fromResolvedEvent(resolved);
      if (event && matchesFilter(event, filter)) return event.position;
    }
    return 0n;
  }

  subscribeToAll(handler: SubscriptionHandler, options: SubscribeOptions = {}): Subscription {
    const inner = subscribeToKurrentAll(this.client, (filter) => this.headPosition(filter), handler, options);
    const subscription: Subscription = {
      stop: async () => {
        this.subscriptions.delete(subscription);
        await inner.stop();
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    if (this.ownsClient) await this.client.dispose();
  }

  private async currentRevision(streamId: string): Promise<StreamRevision | undefined> {
    try {
      for await (const resolved of this.client.readStream(streamId, {
        direction: BACKWARDS,
        fromRevision: END,
        maxCount: 1,
      })) {
        if (resolved.event) return Number(resolved.event.revision);
      }
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    return undefined;
  }

  private async positionOf(streamId: string, revision: StreamRevision): Promise<GlobalPosition> {
    if (revision < 0) return 0n;
    const [event] = await this.readStream(streamId, { fromRevision: revision, maxCount: 1 });
    return event?.position ?? 0n;
  }
}
