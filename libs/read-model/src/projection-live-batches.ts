import type { RecordedEvent } from '@signstash/event-store';
import { StopSignal, Stopped } from '@signstash/platform';

export interface LiveBatchesOptions {
  /** Events per write; the subscription is held back once this many wait. */
  batchSize: number;
  retryDelayMs: number;
  /** Writes the events in order (one `bulkWrite` and the checkpoint behind it). */
  apply(events: RecordedEvent[]): Promise<void>;
  /** A failed write, retried after `retryDelayMs` with the same events first. */
  failed(error: unknown): void;
}

/**
 * Group commit for a live projection: the subscription hands events over as they are appended, and
 * whatever arrived while the previous write was under way goes out in the next write, one
 * `bulkWrite` for many events instead of one round trip each. Under load a command waits for one
 * write, not for the queue of single writes in front of it; at rest a lone event is written at once.
 */
export class LiveBatches {
  private pending: RecordedEvent[] = [];
  private draining?: Promise<void>;

  constructor(
    private readonly signal: StopSignal,
    private readonly options: LiveBatchesOptions,
  ) {}

  /** Queues the event; resolves at once unless a full batch is waiting (then once it is written). */
  offer(event: RecordedEvent): Promise<void> {
    this.pending.push(event);
    this.kick();
    return this.pending.length >= this.options.batchSize && this.draining ? this.draining : Promise.resolve();
  }

  /** Once the write under way (if any) is done: what a stop waits for. Queued events are left to the next run. */
  async settled(): Promise<void> {
    await this.draining;
  }

  private kick(): void {
    if (this.draining || this.pending.length === 0 || this.signal.isStopped) return;
    this.draining = this.drain().finally(() => {
      this.draining = undefined;
      this.kick();
    });
  }

  private async drain(): Promise<void> {
    // Lets the subscription hand over the rest of the page it is delivering before the first write.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.pending.length > 0 && !this.signal.isStopped) {
      const events = this.pending.splice(0, this.options.batchSize);
      try {
        await this.options.apply(events);
      } catch (error) {
        if (error instanceof Stopped || this.signal.isStopped) return;
        this.pending.unshift(...events);
        this.options.failed(error);
        await this.signal.sleep(this.options.retryDelayMs);
      }
    }
  }
}
