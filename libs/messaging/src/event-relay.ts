import { Logger } from '@nestjs/common';
import { IntegrationEnvelope } from '@signstash/contracts';
import type { EventFilter, EventStore, GlobalPosition, RecordedEvent, Subscription } from '@signstash/event-store';
import { BackgroundWorker, LatestWrites, LeaseKeeper, MongoLease } from '@signstash/platform';
import { KafkaPublisher } from './kafka-publisher';
import { RelayCheckpoints } from './relay-checkpoints';
import { RelayLeases } from './relay-leases';

/** What the relay needs of a publisher (KafkaPublisher in production). */
export type EnvelopePublisher = Pick<KafkaPublisher, 'publish'>;

export interface EventRelayOptions {
  /** Also the checkpoint id, e.g. `certificates-to-kafka`. */
  name: string;
  topic: string;
  /** The service's mapping to its integration contract; undefined skips the event (e.g. alias reservations). */
  toEnvelope(event: RecordedEvent): IntegrationEnvelope | undefined;
  filter?: EventFilter;
  /** Most events per Kafka send while catching up; default 200. */
  batchSize?: number;
  /** Pause before the subscription redelivers after a failed send; default 1000 ms. */
  retryDelayMs?: number;
  /** With several replicas: publish only while holding this relay's lease. Without, publish whenever started. */
  leases?: RelayLeases;
}

export interface RelayStatus {
  name: string;
  checkpoint: GlobalPosition;
  head: GlobalPosition;
  /** head − checkpoint, in global positions (events, for the SQLite store without a filter). */
  lag: GlobalPosition;
  published: number;
  failures: number;
  lastError?: string;
}

/**
 * Event store → Kafka: a catch-up subscription from the stored checkpoint, each mapped event
 * published with acks from all in-sync replicas, and the checkpoint stored only after the broker
 * acknowledged (written while the next batch is sent, and awaited on stop). A failed send is thrown back to the subscription, which redelivers from that
 * event after `retryDelayMs`, forever: a broker outage delays events and loses none. A crash
 * between send and checkpoint publishes some events twice; consumers dedupe by event id.
 *
 * Batching: while the subscription is behind the store's head, consecutive events are collected
 * and sent together (up to `batchSize`); at the head each event is sent at once.
 *
 * With `leases`, `start` only joins the contest for the relay's lease: the holder runs the
 * subscription from the stored checkpoint, and every send first checks the lease is still valid,
 * so a holder whose timers ran late (a paused process) does not publish past its validity.
 */
export class EventRelay implements BackgroundWorker {
  private readonly logger: Logger;
  private readonly batchSize: number;
  private subscription?: Subscription;
  private buffer: IntegrationEnvelope[] = [];
  /** Events delivered since the checkpoint, skipped ones included. */
  private sinceCheckpoint = 0;
  private lastSeen: GlobalPosition = 0n;
  private checkpoint: GlobalPosition = 0n;
  private knownHead: GlobalPosition = 0n;
  private published = 0;
  private failures = 0;
  private lastError?: string;
  /** Acknowledged positions, stored behind the sends: the next batch goes to Kafka while the last one's position is written. */
  private readonly checkpointWrites: LatestWrites<GlobalPosition>;
  private readonly lease?: MongoLease;
  private readonly leadership?: LeaseKeeper;

  constructor(
    private readonly store: EventStore,
    private readonly publisher: EnvelopePublisher,
    private readonly checkpoints: RelayCheckpoints,
    private readonly options: EventRelayOptions,
  ) {
    this.logger = new Logger(`EventRelay ${options.name}`);
    this.batchSize = options.batchSize ?? 200;
    this.checkpointWrites = new LatestWrites(
      (position) => this.checkpoints.save(options.name, position),
      (error) => this.onError(error),
    );
    this.lease = options.leases?.for(options.name);
    if (this.lease)
      this.leadership = new LeaseKeeper(this.lease, { start: () => this.run(), stop: () => this.halt() }, this.logger);
  }

  get name(): string {
    return `relay ${this.options.name}`;
  }

  /** Whether this instance publishes: it holds the lease (or has none) and is started. */
  get leading(): boolean {
    return this.leadership ? this.leadership.active : this.subscription !== undefined;
  }

  async start(): Promise<void> {
    await (this.leadership ? this.leadership.start() : this.run());
  }

  /** Stops after the event in hand, and gives up the lease; what was collected but not acknowledged is sent again on the next start. */
  async stop(): Promise<void> {
    await (this.leadership ? this.leadership.stop() : this.halt());
  }

  private async run(): Promise<void> {
    if (this.subscription) return;
    this.checkpoint = (await this.checkpoints.load(this.options.name)) ?? 0n;
    this.lastSeen = this.checkpoint;
    this.buffer = [];
    this.sinceCheckpoint = 0;
    this.knownHead = await this.store.headPosition(this.options.filter);
    this.subscription = this.store.subscribeToAll(
      {
        onEvent: (event) => this.onEvent(event),
        onError: (error) => this.onError(error),
      },
      { after: this.checkpoint, filter: this.options.filter, retryDelayMs: this.options.retryDelayMs ?? 1000 },
    );
  }

  private async halt(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.stop();
    await this.checkpointWrites.flushed();
  }

  async status(): Promise<RelayStatus> {
    const checkpoint = (await this.checkpoints.load(this.options.name)) ?? 0n;
    const head = await this.store.headPosition(this.options.filter);
    const lag = head > checkpoint ? head - checkpoint : 0n;
    return {
      name: this.options.name,
      checkpoint,
      head,
      lag,
      published: this.published,
      failures: this.failures,
      lastError: this.lastError,
    };
  }

  /**
   * Publishes again the events from `fromPosition` (inclusive) up to `upTo` (default: the live
   * checkpoint, beyond which the running relay publishes anyway). The checkpoint is not touched.
   */
  async republish(fromPosition: GlobalPosition, upTo?: GlobalPosition): Promise<number> {
    const end = upTo ?? (await this.checkpoints.load(this.options.name)) ?? 0n;
    let after = fromPosition > 0n ? fromPosition - 1n : 0n;
    let count = 0;
    for (;;) {
      const page = (await this.store.readAll({ after, maxCount: this.batchSize, filter: this.options.filter })).filter(
        (event) => event.position <= end,
      );
      if (page.length === 0) return count;
      const envelopes = page
        .map((event) => this.options.toEnvelope(event))
        .filter((envelope) => envelope !== undefined);
      await this.publisher.publish(this.options.topic, envelopes);
      count += envelopes.length;
      after = page[page.length - 1].position;
    }
  }

  private async onEvent(event: RecordedEvent): Promise<void> {
    // A redelivery after a failed send brings events already collected (or already published): skip them.
    if (event.position > this.lastSeen) {
      const envelope = this.options.toEnvelope(event);
      if (envelope) this.buffer.push(envelope);
      this.lastSeen = event.position;
      this.sinceCheckpoint++;
    }
    const behindHead = event.position < this.knownHead;
    if (behindHead && this.sinceCheckpoint < this.batchSize) return;
    await this.flush();
    if (!behindHead) this.knownHead = await this.store.headPosition(this.options.filter);
  }

  private async flush(): Promise<void> {
    if (this.buffer.length > 0) {
      if (this.lease && !this.lease.held()) throw new Error('the relay lease ran out: not publishing');
      await this.publisher.publish(this.options.topic, this.buffer);
      this.published += this.buffer.length;
      this.buffer = [];
    }
    if (this.lastSeen > this.checkpoint) {
      this.checkpoint = this.lastSeen;
      this.sinceCheckpoint = 0;
      // A crash before this write only re-publishes what consumers dedupe anyway.
      this.checkpointWrites.offer(this.checkpoint);
    }
    if (this.lastError) this.logger.log('publishing again');
    this.lastError = undefined;
  }

  private onError(error: unknown): void {
    this.failures++;
    const message = error instanceof Error ? error.message : String(error);
    if (this.lastError !== message)
      this.logger.error(`relay failed, retrying from position ${this.checkpoint}: ${message}`);
    this.lastError = message;
  }
}
