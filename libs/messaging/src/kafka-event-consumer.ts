import { Logger } from '@nestjs/common';
import { Admin, Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { deadLetterTopic } from '@signstash/contracts';
import { ConsumerInbox } from './consumer-inbox';
import { BatchHandler, DispatchRules } from './event-dispatch';
import { FetchAhead } from './fetch-ahead';
import { KafkaPublisher } from './kafka-publisher';
import { runKeyedBatch } from './keyed-batch';
import { ConsumerCounters, MessageProcessor } from './message-processor';
import { DEFAULT_RETRY_POLICY, RetryPolicy } from './retry-policy';
import { BackgroundWorker, StopSignal } from '@signstash/platform';
import { ensureTopics } from './topic-admin';
import { runWholeBatch } from './whole-batch';

export interface KafkaEventConsumerOptions extends DispatchRules {
  groupId: string;
  topics: string[];
  retry?: Partial<RetryPolicy>;
  /**
   * Types handled a whole fetched batch at a time (see runWholeBatch); `handlers` must hold the same
   * types too, for a batch that fails or is mixed, handled message by message.
   */
  batchHandlers?: Readonly<Record<string, BatchHandler>>;
  /** Where a new group starts; true by default, as a new consumer needs the history. */
  fromBeginning?: boolean;
  /** Partitions handled in parallel; default 3. */
  partitionsConsumedConcurrently?: number;
  /** Keys (aggregates) of one partition's batch handled in parallel (order holds per key); default 8. */
  keysConsumedConcurrently?: number;
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  /**
   * Handle each partition's batch while the next one is fetched (see FetchAhead): for a consumer that
   * must keep Kafka's pace, such as the usage reports. Offsets are then committed by batch, once handled.
   */
  fetchAhead?: boolean;
  /** Called each time this member (re)joins the group, before its partitions' batches: state kept per partition is stale. */
  onGroupJoin?: () => void;
}

/** Whether a partition's handled offset reaches its target (0: nothing was published there before). */
const reached = (handled: ReadonlyMap<string, bigint>, key: string, target: bigint) =>
  target === 0n || (handled.get(key) ?? -1n) >= target;

/** Whether `handled` (a handledSnapshot) reaches every partition's target offset. */
export const handledAll = (handled: ReadonlyMap<string, bigint>, targets: ReadonlyMap<string, bigint>): boolean =>
  [...targets].every(([key, target]) => reached(handled, key, target));

/** How often a wait looks at what this member handled in this process (no round trip). */
const LOCAL_POLL_MS = 20;

export interface PartitionLag {
  topic: string;
  partition: number;
  highWatermark: string;
  committed: string;
  lag: number;
}

/**
 * A consumer group on plain kafkajs. Not the @nestjs/microservices Kafka transport: that one
 * commits the offset of an event that has no handler (the event is lost), and a handler that
 * keeps failing is retried in place forever, blocking its partition. Here every message ends
 * handled, knowingly ignored or dead-lettered before its offset can be committed.
 *
 * Offsets: `eachBatch` without auto-resolve; runKeyedBatch handles the messages of different keys
 * concurrently and resolves an offset only once every message up to it is finished and recorded
 * in the inbox. kafkajs autoCommit commits only resolved offsets (every `autoCommitInterval`,
 * after each batch and on leaving the group). MessageProcessor never returns for a message in
 * doubt; on shutdown mid-retry it throws, so the message is redelivered to the next member.
 * Redelivery of handled messages (commits are periodic) is absorbed by the inbox. With `fetchAhead`
 * a partition's next batch is fetched while one is handled, and FetchAhead commits each batch once
 * handled instead (autoCommit off), with the same guarantee.
 */
export class KafkaEventConsumer implements BackgroundWorker {
  private readonly consumer: Consumer;
  private readonly deadLetters: KafkaPublisher;
  private readonly processor: MessageProcessor;
  private readonly logger: Logger;
  private admin?: Promise<Admin>;
  private signal = new StopSignal();
  private fetchAhead?: FetchAhead;
  /** Per `topic/partition`: the offset after the last message this member handled and resolved. */
  private readonly handledUpTo = new Map<string, bigint>();

  constructor(
    private readonly kafka: Kafka,
    inbox: ConsumerInbox,
    private readonly options: KafkaEventConsumerOptions,
  ) {
    this.logger = new Logger(`KafkaEventConsumer ${options.groupId}`);
    this.consumer = kafka.consumer({
      groupId: options.groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: options.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: options.heartbeatIntervalMs ?? 3_000,
    });
    this.deadLetters = new KafkaPublisher(kafka);
    const policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.processor = new MessageProcessor(
      options.groupId,
      options,
      policy,
      inbox,
      this.deadLetters,
      () => this.signal,
      this.logger,
    );
    if (options.onGroupJoin) this.consumer.on(this.consumer.events.GROUP_JOIN, options.onGroupJoin);
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) =>
      this.logger.error(`consumer crashed (restart: ${payload.restart}): ${payload.error.message}`),
    );
  }

  get name(): string {
    return `consumer ${this.options.groupId}`;
  }

  get deadLetterTopics(): string[] {
    return this.options.topics.map((topic) => deadLetterTopic(topic, this.options.groupId));
  }

  /** Ensures the topics and dead-letter topics exist (broker defaults for missing ones), joins the group and starts consuming. */
  async start(): Promise<void> {
    this.signal = new StopSignal();
    await ensureTopics(this.kafka, [
      ...this.options.topics.map((topic) => ({ topic })),
      // Dead letters wait for an operator, however long that takes: never deleted by retention.
      ...this.deadLetterTopics.map((topic) => ({ topic, configEntries: [{ name: 'retention.ms', value: '-1' }] })),
    ]);
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: this.options.topics, fromBeginning: this.options.fromBeginning ?? true });
    const keys = this.options.keysConsumedConcurrently ?? 8;
    const fetchAhead = this.options.fetchAhead ? new FetchAhead(this.consumer, this.logger) : undefined;
    this.fetchAhead = fetchAhead;
    const handle = async (payload: EachBatchPayload) => {
      const batchHandlers = this.options.batchHandlers;
      const handled = batchHandlers ? await runWholeBatch(payload, batchHandlers, this.logger) : 0;
      if (handled > 0) this.processor.counters.processed += handled;
      else await runKeyedBatch(payload, this.processor, keys);
    };
    await this.consumer.run({
      // With fetchAhead, FetchAhead commits what is handled: kafkajs would commit what is only fetched.
      autoCommit: !fetchAhead,
      // Committed offsets are what waitUntilCaughtUp (another consumer's view of this one) sees.
      autoCommitInterval: 500,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 3,
      eachBatch: async (batchPayload) =>
        fetchAhead
          ? fetchAhead.take(batchPayload, (payload) => handle(this.tracked(payload)))
          : handle(this.tracked(batchPayload)),
    });
  }

  /** The payload whose resolved offsets are also what this member has handled (for waitUntilCaughtUp). */
  private tracked(batchPayload: EachBatchPayload): EachBatchPayload {
    const key = `${batchPayload.batch.topic}/${batchPayload.batch.partition}`;
    return {
      ...batchPayload,
      resolveOffset: (offset: string) => {
        batchPayload.resolveOffset(offset);
        this.handledUpTo.set(key, BigInt(offset) + 1n);
      },
    };
  }

  async stop(): Promise<void> {
    this.signal.stop();
    await this.fetchAhead?.drain();
    await this.consumer.disconnect();
    await this.deadLetters.close();
    const admin = this.admin;
    this.admin = undefined;
    if (admin) await (await admin).disconnect();
  }

  counters(): Readonly<ConsumerCounters> {
    return { ...this.processor.counters };
  }

  /** Per partition: high watermark − committed offset of this group (from the log start when nothing is committed). */
  async lag(): Promise<PartitionLag[]> {
    const admin = await this.connectedAdmin();
    const lags = await Promise.all(
      this.options.topics.map(async (topic) => {
        const [ends, [committed]] = await Promise.all([
          admin.fetchTopicOffsets(topic),
          admin.fetchOffsets({ groupId: this.options.groupId, topics: [topic] }),
        ]);
        return ends.map(({ partition, high, low }) => {
          const offset = committed?.partitions.find((entry) => entry.partition === partition)?.offset ?? '-1';
          const from = Number(offset) >= 0 ? offset : low;
          return {
            topic,
            partition,
            highWatermark: high,
            committed: offset,
            lag: Math.max(0, Number(high) - Number(from)),
          };
        });
      }),
    );
    return lags.flat();
  }

  /**
   * Resolves once this group has consumed everything on its topics that was there when called,
   * for a handler elsewhere that must see this consumer's effects first; rejects after the timeout
   * (the caller's retry then tries again later). A partition this member handles in this process is
   * seen caught up as soon as it resolved the offsets (checked every few milliseconds), one where
   * nothing was published at once; the others by the group's committed offsets (read from the broker
   * every `pollMs`). With `publishedBefore` (epoch ms), only what was published before then: not what
   * came after (e.g. caused by the event in hand).
   */
  async waitUntilCaughtUp(
    timeoutMs = 10_000,
    pollMs = 100,
    onPoll?: () => Promise<void>,
    publishedBefore?: number,
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const targets =
      publishedBefore === undefined
        ? new Map((await this.lag()).map((p) => [`${p.topic}/${p.partition}`, BigInt(p.highWatermark)]))
        : await this.offsetsPublishedBefore(publishedBefore);
    let nextRemote = 0;
    for (;;) {
      // Offset 0: nothing was published there before (an empty partition, such as most of a small
      // topic's): no round trip to the broker for it.
      for (const [key, target] of targets) if (reached(this.handledUpTo, key, target)) targets.delete(key);
      if (targets.size > 0 && Date.now() >= nextRemote) {
        for (const p of await this.lag()) {
          const key = `${p.topic}/${p.partition}`;
          const target = targets.get(key);
          if (target !== undefined && (BigInt(p.committed) >= target || p.lag === 0)) targets.delete(key);
        }
        nextRemote = Date.now() + pollMs;
        if (targets.size > 0) await onPoll?.();
      }
      if (targets.size === 0) return;
      if (Date.now() > deadline) {
        throw new Error(`${this.name} is still behind on ${[...targets.keys()].join(', ')} after ${timeoutMs} ms`);
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(LOCAL_POLL_MS, pollMs)));
    }
  }

  /**
   * What this member has handled so far, per partition (the offset after the last message handled):
   * taken before a read of this consumer's effects, it tells with `offsetsPublishedBefore`, asked
   * meanwhile, whether that read already saw everything published before a given instant.
   */
  handledSnapshot(): ReadonlyMap<string, bigint> {
    return new Map(this.handledUpTo);
  }

  /** Per partition of the topics: the first offset published at or after `timestamp` (the end if none). */
  async offsetsPublishedBefore(timestamp: number): Promise<Map<string, bigint>> {
    const admin = await this.connectedAdmin();
    const byTopic = await Promise.all(
      this.options.topics.map(async (topic) =>
        (await admin.fetchTopicOffsetsByTimestamp(topic, timestamp)).map(
          ({ partition, offset }) => [`${topic}/${partition}`, BigInt(offset)] as const,
        ),
      ),
    );
    return new Map(byTopic.flat());
  }

  private connectedAdmin(): Promise<Admin> {
    if (!this.admin) {
      const admin = this.kafka.admin();
      this.admin = admin.connect().then(() => admin);
      this.admin.catch(() => (this.admin = undefined));
    }
    return this.admin;
  }
}
