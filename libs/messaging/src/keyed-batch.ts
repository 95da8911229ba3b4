import type { EachBatchPayload, KafkaMessage } from 'kafkajs';
import { eachConcurrently, groupBy } from '@signstash/platform';
import type { NewInboxEntry } from './consumer-inbox';
import type { DeliveredMessage } from './message-processor';

export interface BatchStep {
  process(delivered: DeliveredMessage, handledEarlier: ReadonlySet<string>): Promise<NewInboxEntry | undefined>;
  record(entries: NewInboxEntry[], heartbeat: () => Promise<void>): Promise<void>;
}

/** Keyless messages keep their partition order among themselves. */
const NO_KEY = '\u0000';

/**
 * Runs one fetched batch of one partition. Messages with the same key (the aggregate id, which
 * every copy of an event carries) are processed one after another in offset order; up to
 * `keysConcurrently` keys at once. So an aggregate's events keep their order while a thousand
 * certificates expiring together do not wait for each other.
 *
 * Finished messages are recorded in the inbox together, and only then is the offset resolved —
 * up to the first message not finished yet, never past it. A rebalance, a shutdown or a failure
 * mid-batch therefore redelivers from the first unfinished message (finished ones after it come
 * again and are skipped by the inbox). Offsets are never auto-resolved for the whole batch.
 */
export async function runKeyedBatch(
  payload: EachBatchPayload,
  step: BatchStep,
  keysConcurrently: number,
): Promise<void> {
  const { batch, heartbeat } = payload;
  const receivedAt = performance.timeOrigin + performance.now();
  const progress = new BatchProgress(payload, step);
  const chains = [...groupBy(batch.messages.keys(), (index) => keyOf(batch.messages[index])).values()];
  const runChain = async (chain: number[]) => {
    for (const index of chain) {
      if (progress.failure !== undefined || !payload.isRunning() || payload.isStale()) return;
      const message = batch.messages[index];
      try {
        progress.finished(
          index,
          await step.process(
            { topic: batch.topic, partition: batch.partition, message, heartbeat, receivedAt },
            progress.handled,
          ),
        );
      } catch (error) {
        progress.fail(error);
        return;
      }
    }
  };
  await eachConcurrently(chains, keysConcurrently, runChain, () => progress.failure === undefined);
  await progress.settled();
  if (progress.failure !== undefined) throw progress.failure;
}

const keyOf = (message: KafkaMessage) => (message.key === null ? NO_KEY : message.key.toString('utf8'));

/** Which messages of the batch are finished, and the serialised flushes: inbox entries, then the offset prefix. */
class BatchProgress {
  /** Event ids handled in this batch, for a later copy in the same batch before the inbox has them. */
  readonly handled = new Set<string>();
  failure: unknown = undefined;
  private readonly done: boolean[];
  private unrecorded: NewInboxEntry[] = [];
  private prefix = 0;
  private resolved = 0;
  private flushing?: Promise<void>;
  private again = false;
  /** A flush failed (a shutdown, a rebalance): nothing more is resolved in this batch. */
  private broken = false;

  constructor(
    private readonly payload: EachBatchPayload,
    private readonly step: BatchStep,
  ) {
    this.done = new Array<boolean>(payload.batch.messages.length).fill(false);
  }

  finished(index: number, entry: NewInboxEntry | undefined): void {
    this.done[index] = true;
    if (entry) {
      this.handled.add(entry.eventId);
      this.unrecorded.push(entry);
    }
    while (this.prefix < this.done.length && this.done[this.prefix]) this.prefix++;
    this.flush();
  }

  fail(error: unknown): void {
    this.failure ??= error;
  }

  async settled(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private flush(): void {
    if (this.flushing) {
      this.again = true;
      return;
    }
    this.again = false;
    this.flushing = this.flushOnce()
      .catch((error) => {
        this.broken = true;
        this.fail(error);
      })
      .finally(() => {
        this.flushing = undefined;
        if (this.again && !this.broken) this.flush();
      });
  }

  private async flushOnce(): Promise<void> {
    const entries = this.unrecorded;
    this.unrecorded = [];
    const upTo = this.prefix;
    await this.step.record(entries, this.payload.heartbeat);
    if (upTo > this.resolved) {
      this.payload.resolveOffset(this.payload.batch.messages[upTo - 1].offset);
      this.resolved = upTo;
      await this.payload.commitOffsetsIfNecessary();
    }
    await this.payload.heartbeat();
  }
}
