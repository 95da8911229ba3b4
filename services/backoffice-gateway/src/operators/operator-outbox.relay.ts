import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import type { TopicNames } from '@signstash/contracts';
import { KAFKA, KafkaPublisher, TOPICS } from '@signstash/messaging';
import { OperatorDirectory } from './operator-directory.service';

const POLL_MS = 1000;

/**
 * Moves directory events from the operators' outboxes to `signstash.operators.v1`, then removes
 * them from the outbox. A crash in between republishes them: consumers dedupe by event id.
 */
@Injectable()
export class OperatorOutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OperatorOutboxRelay.name);
  private readonly publisher: KafkaPublisher;
  private timer?: NodeJS.Timeout;
  private draining?: Promise<number>;

  constructor(
    private readonly directory: OperatorDirectory,
    @Inject(KAFKA) kafka: Kafka,
    @Inject(TOPICS) private readonly topics: TopicNames,
  ) {
    this.publisher = new KafkaPublisher(kafka);
  }

  onApplicationBootstrap() {
    this.timer = setInterval(() => void this.drain().catch((error) => this.logger.warn(`operator outbox: ${String(error)}`)), POLL_MS);
  }

  async onApplicationShutdown() {
    clearInterval(this.timer);
    await this.draining?.catch(() => undefined);
    await this.publisher.close();
  }

  /** Publishes every pending directory event; returns how many went out. */
  drain(): Promise<number> {
    this.draining ??= this.drainOnce().finally(() => (this.draining = undefined));
    return this.draining;
  }

  private async drainOnce(): Promise<number> {
    const operators = this.directory.collection();
    const pending = await operators.find({ outbox: { $ne: [] } }, { projection: { outbox: 1 } }).limit(100).toArray();
    let published = 0;
    for (const operator of pending) {
      await this.publisher.publish(this.topics.operators, operator.outbox);
      await operators.updateOne({ _id: operator._id }, { $pull: { outbox: { eventId: { $in: operator.outbox.map((e) => e.eventId) } } } });
      published += operator.outbox.length;
    }
    return published;
  }
}
