import { Logger } from '@nestjs/common';
import type { EventStore, GlobalPosition, RecordedEvent, Subscription } from '@signstash/event-store';
import { BackgroundWorker, LatestWrites, LeaseKeeper, MongoLease, StopSignal } from '@signstash/platform';
import type { Message } from 'kafkajs';
import { envelopeMessage } from './kafka-publisher';
import type { EnvelopePublisher, EventRelayOptions, RelayStatus } from './event-relay.options';
import { RelayCheckpoints } from './relay-checkpoints';

export type { EnvelopePublisher, EventRelayOptions, RelayStatus } from './event-relay.options';

/**
 * Event store → Kafka: a catch-up subscription from the stored checkpoint, each mapped event
 * published with acks from all in-sync replicas, and the checkpoint stored only after the broker
 * acknowledged (written while the next batches are sent, at most every `checkpointEveryMs`, and
 * awaited on stop). A failed send is thrown back to the subscription, which redelivers from that
 * event after `retryDelayMs`, forever: a broker outage delays events and loses none. A crash
 * between send and checkpoint publishes some events twice; consumers dedupe by event id.
 *
 * Batching: while the subscription is behind the store's head, consecutive events are collected
 * and sent together (up to `batchSize` or `batchBytes`), and the next batch is read and mapped while
 * the last one is on its way to the broker (one batch in flight, so the order holds); at the head
 * (looked up again when reached, so a burst counts as behind) each event is sent at once and
 * acknowledged before the next. A batch that fails in flight rewinds the relay:
 * the subscription is restarted from the acknowledged checkpoint after `retryDelayMs`.
 *
 * With `leases`, `start` only joins the contest for the relay's lease: the holder runs the
 * subscription from the stored checkpoint, and every send first checks the lease is still valid,
 * so a holder whose timers ran late (a paused process) does not publish past its validity.
 */
export class EventRelay implements BackgroundWorker {
  private readonly logger: Logger;
  private readonly batchSize: number;
  private readonly batchBytes: number;
  private subscription?: Subscription;
  /** Collected envelopes, encoded as they arrive: the send of a batch does not wait for its encoding. */
  private buffer: Message[] = [];
  private bufferBytes = 0;
  /** Events delivered since the last batch was cut, skipped ones included. */
  private sinceCut = 0;
  /** The batch sent and not yet acknowledged. */
  private inFlight?: Promise<void>;
  /** Set by a failed send until the subscription restarts from the checkpoint: what arrives meanwhile is dropped. */
  private rewinding = false;
  private running = false;
  private lastSeen: GlobalPosition = 0n;
  private checkpoint: GlobalPosition = 0n;
  private knownHead: GlobalPosition = 0n;
  private published = 0;
  private failures = 0;
  private lastError?: string;
  /** Acknowledged positions, stored behind the sends and at most every `checkpointEveryMs`: the next batches go to Kafka meanwhile. */
  private readonly checkpointWrites: LatestWrites<GlobalPosition>;
  /** Cuts the pause between checkpoint writes short on stop, so the last position is stored at once. */
  private checkpointPause = new StopSignal();
  private readonly lease?: MongoLease;
  private readonly leadership?: LeaseKeeper;

  constructor(
    private readonly store: EventStore,
    private readonly publisher: EnvelopePublisher,
    private readonly checkpoints: RelayCheckpoints,
    private readonly options: EventRelayOptions,
  ) {
    this.logger = new Logger(`EventRelay ${options.name}`);
    this.batchSize = options.batchSize ?? 1000;
    this.batchBytes = options.batchBytes ?? 900 * 1024;
    const checkpointEveryMs = options.checkpointEveryMs ?? 250;
    this.checkpointWrites = new LatestWrites(
      async (position) => {
        await this.checkpoints.save(options.name, position);
        // The positions acknowledged meanwhile wait here and go out as one write.
        await this.checkpointPause.sleep(checkpointEveryMs);
      },
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
    this.running = true;
    this.checkpointPause = new StopSignal();
    this.checkpoint = (await this.checkpoints.load(this.options.name)) ?? 0n;
    await this.subscribe();
  }

  /** From the acknowledged checkpoint; what was collected but not acknowledged is read again. */
  private async subscribe(): Promise<void> {
    this.lastSeen = this.checkpoint;
    this.buffer = [];
    this.bufferBytes = 0;
    this.sinceCut = 0;
    this.rewinding = false;
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
    this.running = false;
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.stop();
    await this.settle().catch(() => undefined); // unacknowledged: sent again from the checkpoint on the next start
    this.checkpointPause.stop();
    await this.checkpointWrites.flushed();
  }

  /** Events acknowledged by the broker since this instance started (what `status()` reports, without reading the checkpoint). */
  get publishedCount(): number {
    return this.published;
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
      const messages = page
        .map((event) => this.options.toEnvelope(event))
        .filter((envelope) => envelope !== undefined)
        .map(envelopeMessage);
      await this.publisher.send(this.options.topic, messages);
      count += messages.length;
      after = page[page.length - 1].position;
    }
  }

  private async onEvent(event: RecordedEvent): Promise<void> {
    if (this.rewinding) return;
    // A redelivery after a failed send brings events already collected (or already published): skip them.
    if (event.position > this.lastSeen) {
      const envelope = this.options.toEnvelope(event);
      if (envelope) {
        const message = envelopeMessage(envelope);
        this.buffer.push(message);
        this.bufferBytes += Buffer.byteLength(message.value as string);
      }
      this.lastSeen = event.position;
      this.sinceCut++;
    }
    let behindHead = event.position < this.knownHead;
    // At the known head, the head is looked up again: the first event of a burst appended in one
    // commit would otherwise go out alone and be acknowledged before the rest, and a consumer would
    // get the burst in rounds (its first fetch holding that one event).
    if (!behindHead) {
      this.knownHead = await this.store.headPosition(this.options.filter);
      behindHead = event.position < this.knownHead;
    }
    if (behindHead && this.sinceCut < this.batchSize && this.bufferBytes < this.batchBytes) return;
    try {
      await this.flush(behindHead);
    } catch (error) {
      if (!this.rewinding) throw error; // not sent yet: the subscription redelivers this event
      this.onError(error);
      void this.rewind();
      return;
    }
  }

  /** Cuts the collected batch and sends it once the previous one is acknowledged; waits for its acknowledgement too unless `pipelined`. */
  private async flush(pipelined: boolean): Promise<void> {
    await this.settle();
    const batch = this.buffer;
    const upTo = this.lastSeen;
    this.buffer = [];
    this.bufferBytes = 0;
    this.sinceCut = 0;
    if (batch.length > 0) {
      if (this.lease && !this.lease.held()) {
        this.buffer = batch;
        this.bufferBytes = batch.reduce((sum, message) => sum + Buffer.byteLength(message.value as string), 0);
        throw new Error('the relay lease ran out: not publishing');
      }
      const sent = this.publisher.send(this.options.topic, batch).then(() => {
        this.published += batch.length;
        this.acknowledged(upTo);
      });
      this.inFlight = sent;
      sent.catch(() => undefined); // observed by the next settle()
      if (!pipelined) await this.settle();
    } else this.acknowledged(upTo);
  }

  /** The batch in flight, acknowledged; a failure starts the rewind to the checkpoint. */
  private async settle(): Promise<void> {
    const inFlight = this.inFlight;
    if (!inFlight) return;
    try {
      await inFlight;
    } catch (error) {
      this.rewinding = true;
      throw error;
    } finally {
      if (this.inFlight === inFlight) this.inFlight = undefined;
    }
  }

  private acknowledged(position: GlobalPosition): void {
    if (position > this.checkpoint) {
      this.checkpoint = position;
      // A crash before this write only re-publishes what consumers dedupe anyway.
      this.checkpointWrites.offer(position);
    }
    if (this.lastError) this.logger.log('publishing again');
    this.lastError = undefined;
  }

  /** After a batch failed in flight: a new subscription from the acknowledged checkpoint, after the retry delay. */
  private async rewind(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.stop();
    await new Promise((resolve) => setTimeout(resolve, this.options.retryDelayMs ?? 1000));
    if (this.running && !this.subscription) await this.subscribe();
  }

  private onError(error: unknown): void {
    this.failures++;
    const message = error instanceof Error ? error.message : String(error);
    if (this.lastError !== message)
      this.logger.error(`relay failed, retrying from position ${this.checkpoint}: ${message}`);
    this.lastError = message;
  }
}
