import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { Registry } from 'prom-client';
import type { Kafka } from 'kafkajs';
import type { TopicNames } from '@signstash/contracts';
import {
  KAFKA,
  KafkaPublisher,
  type OutboxRelayPart,
  registerRelayLeaderGauge,
  RelayLeases,
  TOPICS,
} from '@signstash/messaging';
import {
  BackgroundWorker,
  LeaseKeeper,
  METRICS_REGISTRY,
  MongoLease,
  periodicWorker,
  PeriodicWorker,
} from '@signstash/platform';
import { OperatorDirectory } from './operator-directory.service';

const POLL_MS = 1000;
export const OPERATOR_OUTBOX_LEASES = Symbol('OPERATOR_OUTBOX_LEASES');
export const OPERATOR_OUTBOX_PART = Symbol('OPERATOR_OUTBOX_PART');

/**
 * Moves directory events from the operators' outboxes to `signstash.operators.v1`, then removes
 * them from the outbox. A crash in between republishes them: consumers dedupe by event id.
 * Of the gateway's replicas, only the holder of the relay's lease drains the outboxes.
 */
@Injectable()
export class OperatorOutboxRelay implements OnModuleInit, BackgroundWorker {
  private readonly logger = new Logger(OperatorOutboxRelay.name);
  private readonly publisher: KafkaPublisher;
  private readonly lease: MongoLease;
  private readonly leadership: LeaseKeeper;
  private readonly poller: PeriodicWorker;

  constructor(
    private readonly directory: OperatorDirectory,
    @Inject(KAFKA) kafka: Kafka,
    @Inject(TOPICS) private readonly topics: TopicNames,
    @Inject(OPERATOR_OUTBOX_LEASES) leases: RelayLeases,
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    /** The gateway's `operators` outbox relay (backoffice-gateway.parts.ts). */
    @Inject(OPERATOR_OUTBOX_PART) private readonly part: OutboxRelayPart,
  ) {
    this.publisher = new KafkaPublisher(kafka);
    this.lease = leases.for(part.name);
    this.poller = periodicWorker({
      intervalMs: POLL_MS,
      run: () => this.drainOnce(),
      onError: (error) => this.logger.warn(`operator outbox: ${String(error)}`),
    });
    this.leadership = new LeaseKeeper(
      this.lease,
      { start: async () => this.poller.start(), stop: () => this.poller.stop() },
      this.logger,
    );
  }

  get name(): string {
    return `relay ${this.part.name}`;
  }

  /** Whether this replica drains the outboxes (holds the lease). */
  get leading(): boolean {
    return this.leadership.active;
  }

  onModuleInit() {
    registerRelayLeaderGauge(this.registry, [this]);
  }

  async start(): Promise<void> {
    await this.leadership.start();
  }

  async stop(): Promise<void> {
    await this.leadership.stop();
    await this.publisher.close();
  }

  /** Publishes every pending directory event now rather than at the next poll. */
  drain(): Promise<void> {
    return this.poller.wake();
  }

  private async drainOnce(): Promise<number> {
    const operators = this.directory.collection();
    const pending = await operators
      .find({ outbox: { $ne: [] } }, { projection: { outbox: 1 } })
      .limit(100)
      .toArray();
    let published = 0;
    for (const operator of pending) {
      if (!this.lease.held()) throw new Error(`the ${this.part.name} lease ran out: not publishing`);
      await this.publisher.publish(this.topics[this.part.topic], operator.outbox);
      // $pullAll of the very entries read (not $pull by a condition, which FerretDB 1.x accepts and
      // ignores): events pushed meanwhile stay for the next pass.
      await operators.updateOne({ _id: operator._id }, { $pullAll: { outbox: operator.outbox } });
      published += operator.outbox.length;
    }
    return published;
  }
}
