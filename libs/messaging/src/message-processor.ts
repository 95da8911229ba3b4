import { Logger } from '@nestjs/common';
import { EachMessagePayload } from 'kafkajs';
import { deadLetterTopic, IntegrationEnvelope } from '@signstash/contracts';
import { backoffDelay, StopSignal, Stopped, withCorrelation } from '@signstash/platform';
import { ConsumerInbox, NewInboxEntry } from './consumer-inbox';
import { deadLetterHeaders, HEADER_RETRIED_FROM_DLQ, headerText } from './dead-letter-headers';
import { DispatchRules, dispose, EventHandler } from './event-dispatch';
import { KafkaPublisher } from './kafka-publisher';
import type { RetryPolicy } from './retry-policy';

export interface ConsumerCounters {
  processed: number;
  duplicates: number;
  retries: number;
  deadLettered: number;
  ignored: number;
}

/** A message as handed over by the consumer, with when its batch was fetched. */
export type DeliveredMessage = Pick<EachMessagePayload, 'topic' | 'partition' | 'message' | 'heartbeat'> & {
  receivedAt: number;
};

const errorText = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

/**
 * One message, start to end: dispatch → inbox check → handler with bounded retries, or the
 * dead-letter topic. It returns only once the message is handled, ignored or dead-lettered;
 * for a handled one it returns the inbox entry, which the batch records for many messages at
 * once before resolving their offsets (see runKeyedBatch), so no offset is ever resolved for a
 * message still in doubt. Failures of our own infrastructure (MongoDB for the inbox, the broker
 * for the DLQ) are not the message's fault: those are retried without bound, holding the
 * message, rather than dead-lettering good messages during an outage. A dead-lettered event
 * leaves a gap in its aggregate's sequence for this group until it is retried: handlers check
 * stream revisions.
 */
export class MessageProcessor {
  readonly counters: ConsumerCounters = { processed: 0, duplicates: 0, retries: 0, deadLettered: 0, ignored: 0 };

  constructor(
    private readonly group: string,
    private readonly rules: DispatchRules,
    private readonly policy: RetryPolicy,
    private readonly inbox: ConsumerInbox,
    private readonly deadLetters: KafkaPublisher,
    /** The consumer's signal of the current run (a new one at each start). */
    private readonly signal: () => StopSignal,
    private readonly logger: Logger,
  ) {}

  /** `handledEarlier`: events of this batch handled already but not yet in the inbox. */
  async process(delivered: DeliveredMessage, handledEarlier: ReadonlySet<string>): Promise<NewInboxEntry | undefined> {
    if (this.retriedForAnotherGroup(delivered)) {
      this.counters.ignored++;
      return undefined;
    }
    const disposition = dispose(delivered.message.value, this.rules, this.group);
    if (disposition.kind === 'dead-letter') return this.deadLetter(delivered, disposition.reason, 0);
    if (disposition.kind === 'ignore') {
      this.counters.ignored++;
      return undefined;
    }
    const { envelope, handler } = disposition;
    if (
      handledEarlier.has(envelope.eventId) ||
      (await this.persistently(delivered.heartbeat, 'inbox lookup', () => this.inbox.has(this.group, envelope.eventId)))
    ) {
      this.counters.duplicates++;
      return undefined;
    }
    const failure = await this.handleWithRetries(delivered, envelope, handler);
    if (failure) return this.deadLetter(delivered, failure.error, failure.attempts);
    this.counters.processed++;
    const { topic, partition, message } = delivered;
    return {
      group: this.group,
      eventId: envelope.eventId,
      type: envelope.type,
      topic,
      partition,
      offset: message.offset,
    };
  }

  /**
   * A dead letter retried by the ops CLI is re-published to its original topic, where every group
   * sees it: only the group whose dead letter it was handles it (the others handled or dead-lettered
   * it themselves already, and would only dead-letter it again).
   */
  private retriedForAnotherGroup({ topic, message }: DeliveredMessage): boolean {
    const retriedFrom = headerText(message.headers, HEADER_RETRIED_FROM_DLQ);
    return retriedFrom !== undefined && !retriedFrom.startsWith(`${deadLetterTopic(topic, this.group)}/`);
  }

  /** Records handled events in the inbox, retrying without bound (an outage of ours, not the events' fault). */
  async record(entries: NewInboxEntry[], heartbeat: () => Promise<void>): Promise<void> {
    if (entries.length > 0) await this.persistently(heartbeat, 'inbox record', () => this.inbox.recordAll(entries));
  }

  private async handleWithRetries(
    delivered: DeliveredMessage,
    envelope: IntegrationEnvelope,
    handler: EventHandler,
  ): Promise<{ error: string; attempts: number } | undefined> {
    const { topic, partition, message, heartbeat, receivedAt } = delivered;
    for (let attempt = 1; ; attempt++) {
      try {
        // The handler's logs and the commands it sends carry the correlation id of the event's origin.
        await withCorrelation(envelope.correlationId ?? envelope.eventId, () =>
          handler(envelope, {
            topic,
            partition,
            offset: message.offset,
            attempt,
            heartbeat,
            receivedAt,
            publishedAt: Number(message.timestamp),
          }),
        );
        return undefined;
      } catch (error) {
        if (this.signal().isStopped) throw new Stopped();
        if (attempt >= this.policy.attempts) return { error: errorText(error), attempts: attempt };
        this.counters.retries++;
        this.logger.warn(
          `${envelope.type} ${envelope.eventId} (${topic}/${partition}@${message.offset}) failed attempt ${attempt}: ${errorText(error)}`,
        );
        await this.signal().pause(backoffDelay(this.policy, attempt), heartbeat);
      }
    }
  }

  private async deadLetter(delivered: DeliveredMessage, error: string, attempts: number): Promise<undefined> {
    const { topic, partition, message } = delivered;
    const target = deadLetterTopic(topic, this.group);
    const headers = deadLetterHeaders(message.headers, {
      error,
      originalTopic: topic,
      originalPartition: partition,
      originalOffset: message.offset,
      consumerGroup: this.group,
      attempts,
      failedAt: new Date(),
    });
    await this.persistently(delivered.heartbeat, 'dead-lettering', () =>
      this.deadLetters.send(target, [{ key: message.key, value: message.value, headers }]),
    );
    this.counters.deadLettered++;
    this.logger.error(
      `${topic}/${partition}@${message.offset} dead-lettered to ${target} after ${attempts} attempt(s): ${error}`,
    );
    return undefined;
  }

  private async persistently<T>(heartbeat: () => Promise<void>, what: string, action: () => Promise<T>): Promise<T> {
    for (let failures = 1; ; failures++) {
      try {
        return await action();
      } catch (error) {
        if (this.signal().isStopped) throw new Stopped();
        this.logger.error(`${what} failed (${failures}x), retrying: ${errorText(error)}`);
        await this.signal().pause(backoffDelay(this.policy, failures), heartbeat);
      }
    }
  }
}
