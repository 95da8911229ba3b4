import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Consumer, Kafka } from 'kafkajs';
import type { IntegrationEnvelope } from '@signstash/contracts';

export interface KafkaBroadcastConsumerOptions {
  /** Prefix of this instance's own group id; a random suffix makes it unique per process. */
  groupPrefix: string;
  topics: string[];
  onEnvelope: (envelope: IntegrationEnvelope, topic: string) => void;
}

/**
 * Every process gets every event from now on: a group of its own (so replicas do not share the
 * partitions), committing nothing (so the group leaves nothing behind once it stops). For fan-out
 * to what a process holds in memory (open browser streams), where what happened before it started
 * is read from the owning services, not from the topic. No inbox and no dead letters: a message
 * that cannot be read is logged and skipped, as nothing durable hangs on it.
 *
 * "From now on" is the end offsets read before joining, not "latest" as kafkajs resolves it at its
 * first fetch, after the join: an event published between the join (when the streams say `ready`
 * and the pages re-read) and that first fetch would otherwise be in neither. A rejoin (a crash
 * restart) resumes after the last message seen, for the same reason.
 */
export class KafkaBroadcastConsumer {
  private readonly consumer: Consumer;
  private readonly logger: Logger;
  private joined = false;
  private stopped = false;
  private started?: Promise<void>;
  private readonly joinWaiters: Array<() => void> = [];
  /** Next offset to read per `topic/partition`: the end before joining, then after each message seen. */
  private readonly positions = new Map<string, string>();

  constructor(
    private readonly kafka: Kafka,
    private readonly options: KafkaBroadcastConsumerOptions,
  ) {
    const groupId = `${options.groupPrefix}.${hostname()}.${randomUUID()}`;
    this.logger = new Logger(`KafkaBroadcastConsumer ${options.groupPrefix}`);
    this.consumer = kafka.consumer({
      groupId,
      allowAutoTopicCreation: false,
      // A crash restarts the consumer, unless it is being stopped: it would then outlive its process's shutdown.
      retry: { restartOnFailure: async () => !this.stopped },
    });
    this.consumer.on(this.consumer.events.GROUP_JOIN, ({ payload }) => {
      for (const [topic, partitions] of Object.entries(payload.memberAssignment)) {
        for (const partition of partitions) {
          const offset = this.positions.get(`${topic}/${partition}`);
          if (offset !== undefined) this.consumer.seek({ topic, partition, offset });
        }
      }
      this.joined = true;
      this.joinWaiters.splice(0).forEach((resolve) => resolve());
    });
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) =>
      this.logger.error(`consumer crashed (restart: ${payload.restart}): ${payload.error.message}`),
    );
  }

  get name(): string {
    return `broadcast consumer ${this.options.groupPrefix}`;
  }

  /** True once the group has its partitions: events published from then on are delivered. */
  get isJoined(): boolean {
    return this.joined;
  }

  whenJoined(): Promise<void> {
    return this.joined ? Promise.resolve() : new Promise((resolve) => this.joinWaiters.push(resolve));
  }

  start(): Promise<void> {
    this.stopped = false;
    this.started = this.run();
    return this.started;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.joined = false;
    // Disconnecting while the first fetch is being set up leaves kafkajs sockets open: let the start finish first.
    await this.started?.catch(() => undefined);
    await this.consumer.disconnect();
  }

  private async run(): Promise<void> {
    await this.readEnds();
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: this.options.topics, fromBeginning: false });
    await this.consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic, partition, message }) => {
        this.positions.set(`${topic}/${partition}`, (BigInt(message.offset) + 1n).toString());
        try {
          this.options.onEnvelope(JSON.parse(message.value?.toString() ?? '') as IntegrationEnvelope, topic);
        } catch (error) {
          this.logger.warn(`skipped an unreadable message at ${topic} offset ${message.offset}: ${String(error)}`);
        }
      },
    });
  }

  /** The end of each partition now, unless this process already read further (a restart after a crash). */
  private async readEnds(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      for (const topic of this.options.topics) {
        for (const { partition, high } of await admin.fetchTopicOffsets(topic)) {
          const key = `${topic}/${partition}`;
          if (!this.positions.has(key)) this.positions.set(key, high);
        }
      }
    } finally {
      await admin.disconnect();
    }
  }
}
