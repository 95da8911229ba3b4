import type { Logger } from '@nestjs/common';
import type { Consumer, EachBatchPayload } from 'kafkajs';

/** A partition's batch being handled while kafkajs fetches the next. */
interface InHand {
  done: Promise<void>;
}

/**
 * Handles each partition's fetched batch while kafkajs fetches the next one, for a consumer whose
 * round trips to Kafka (the fetch, the commit) would otherwise come between its batches: kafkajs
 * fetches only once every partition's `eachBatch` has returned, then commits and heartbeats.
 *
 * `eachBatch` waits for the partition's batch in hand, moves kafkajs' fetch position past the new
 * batch (resolves its last offset) and returns while the batch is handled. Offsets are committed by
 * this class once handled (kafkajs' autoCommit must be off: it would commit what is only fetched),
 * so a crash redelivers from the first batch not handled, as without it. A batch not handled to its
 * end (a handler that threw, an inbox write that failed) makes the partition seek back to its first
 * message not handled, so the next fetch brings it again and nothing after it is committed first.
 * At most one batch a partition is in hand, one more fetched: memory stays bounded.
 */
export class FetchAhead {
  private readonly inHand = new Map<string, InHand>();
  private stopping = false;

  constructor(
    private readonly consumer: Pick<Consumer, 'commitOffsets' | 'seek'>,
    private readonly logger: Logger,
  ) {}

  /**
   * kafkajs' `eachBatch`: returns once the batch is under way. `handle` gets a payload whose
   * `resolveOffset` marks what is handled (to commit) and whose `commitOffsetsIfNecessary` does nothing.
   */
  async take(payload: EachBatchPayload, handle: (payload: EachBatchPayload) => Promise<void>): Promise<void> {
    const { topic, partition } = payload.batch;
    const key = `${topic}/${partition}`;
    // Its failure was dealt with by a seek, which makes this batch stale.
    await this.inHand.get(key)?.done;
    if (this.stopping || !payload.isRunning() || payload.isStale()) return;
    const first = BigInt(payload.batch.firstOffset() ?? '0');
    const last = BigInt(payload.batch.lastOffset());
    let handledUpTo: bigint | undefined;
    const own: EachBatchPayload = {
      ...payload,
      resolveOffset: (offset) => void (handledUpTo = BigInt(offset)),
      commitOffsetsIfNecessary: async () => undefined,
    };
    payload.resolveOffset(String(last));
    const done = (async () => {
      let failure: unknown;
      try {
        await handle(own);
      } catch (error) {
        failure = error;
      }
      if (handledUpTo !== undefined) await this.commit(topic, partition, handledUpTo + 1n);
      if ((handledUpTo ?? first - 1n) >= last || this.stopping || !payload.isRunning()) return;
      const from = (handledUpTo ?? first - 1n) + 1n;
      const why =
        failure instanceof Error ? failure.message : failure === undefined ? 'stopped early' : String(failure);
      this.logger.warn(
        `${key}: batch handled up to offset ${from - 1n} of ${last} (${why}); fetching again from ${from}`,
      );
      try {
        this.consumer.seek({ topic, partition, offset: String(from) });
      } catch (error) {
        // Not running any more: the next member (or start) begins from the last commit anyway.
        this.logger.warn(`${key}: seek to ${from} refused: ${error instanceof Error ? error.message : String(error)}`);
      }
    })();
    this.inHand.set(key, { done });
  }

  /** Before the consumer disconnects: no new batch is taken, the ones in hand finish (and commit). */
  async drain(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled([...this.inHand.values()].map(({ done }) => done));
  }

  /** A failed commit is only redelivery later (the handlers are idempotent): the next batch's commit covers it. */
  private async commit(topic: string, partition: number, offset: bigint): Promise<void> {
    try {
      await this.consumer.commitOffsets([{ topic, partition, offset: String(offset) }]);
    } catch (error) {
      this.logger.warn(
        `${topic}/${partition}: commit of offset ${offset} failed, left to the next batch: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
