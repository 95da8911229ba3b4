import { Logger } from '@nestjs/common';
import { EachMessagePayload } from 'kafkajs';
import { deadLetterTopic, IntegrationEnvelope } from '@signstash/contracts';
import { withCorrelation } from '@signstash/platform';
import { ConsumerInbox } from './consumer-inbox';
import { deadLetterHeaders } from './dead-letter-headers';
import { DispatchRules, dispose, EventHandler } from './event-dispatch';
import { KafkaPublisher } from './kafka-publisher';
import { backoffDelay, pause, RetryPolicy, Stopped } from './retry-backoff';

export interface ConsumerCounters {
  processed: number;
  duplicates: number;
  retries: number;
  deadLettered: number;
  ignored: number;
}

const errorText = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

/**
 * One message, start to end: dispatch → inbox check → handler with bounded retries → inbox
 * record, or the dead-letter topic. It returns only once the message is handled, ignored or
 * dead-lettered, so the offset kafkajs resolves afterwards is never one of a message still in
 * doubt. Failures of our own infrastructure (MongoDB for the inbox, the broker for the DLQ)
 * are not the message's fault: those are retried without bound, holding the partition, rather
 * than dead-lettering good messages during an outage. A dead-lettered event leaves a gap in its
 * aggregate's sequence for this group until it is retried: handlers check stream revisions.
 */
export class MessageProcessor {
  readonly counters: ConsumerCounters = { processed: 0, duplicates: 0, retries: 0, deadLettered: 0, ignored: 0 };

  constructor(
    private readonly group: string,
    private readonly rules: DispatchRules,
    private readonly policy: RetryPolicy,
    private readonly inbox: ConsumerInbox,
    private readonly deadLetters: KafkaPublisher,
    private readonly isStopping: () => boolean,
    private readonly logger: Logger,
  ) {}

  async process(payload: EachMessagePayload): Promise<void> {
    const disposition = dispose(payload.message.value, this.rules, this.group);
    if (disposition.kind === 'dead-letter') return this.deadLetter(payload, disposition.reason, 0);
    if (disposition.kind === 'ignore') {
      this.counters.ignored++;
      return;
    }
    const { envelope, handler } = disposition;
    if (await this.persistently(payload, 'inbox lookup', () => this.inbox.has(this.group, envelope.eventId))) {
      this.counters.duplicates++;
      return;
    }
    const failure = await this.handleWithRetries(payload, envelope, handler);
    if (failure) return this.deadLetter(payload, failure.error, failure.attempts);
    const { topic, partition, message } = payload;
    const entry = {
      group: this.group,
      eventId: envelope.eventId,
      type: envelope.type,
      topic,
      partition,
      offset: message.offset,
    };
    await this.persistently(payload, 'inbox record', () => this.inbox.record(entry));
    this.counters.processed++;
  }

  private async handleWithRetries(
    payload: EachMessagePayload,
    envelope: IntegrationEnvelope,
    handler: EventHandler,
  ): Promise<{ error: string; attempts: number } | undefined> {
    const { topic, partition, message, heartbeat } = payload;
    for (let attempt = 1; ; attempt++) {
      try {
        // The handler's logs and the commands it sends carry the correlation id of the event's origin.
        await withCorrelation(envelope.correlationId ?? envelope.eventId, () => handler(envelope, { topic, partition, offset: message.offset, attempt, heartbeat }));
        return undefined;
      } catch (error) {
        if (this.isStopping()) throw new Stopped();
        if (attempt >= this.policy.attempts) return { error: errorText(error), attempts: attempt };
        this.counters.retries++;
        this.logger.warn(
          `${envelope.type} ${envelope.eventId} (${topic}/${partition}@${message.offset}) failed attempt ${attempt}: ${errorText(error)}`,
        );
        await pause(backoffDelay(this.policy, attempt), { isStopping: this.isStopping, heartbeat });
      }
    }
  }

  private async deadLetter(payload: EachMessagePayload, error: string, attempts: number): Promise<void> {
    const { topic, partition, message } = payload;
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
    await this.persistently(payload, 'dead-lettering', () =>
      this.deadLetters.send(target, [{ key: message.key, value: message.value, headers }]),
    );
    this.counters.deadLettered++;
    this.logger.error(
      `${topic}/${partition}@${message.offset} dead-lettered to ${target} after ${attempts} attempt(s): ${error}`,
    );
  }

  private async persistently<T>(payload: EachMessagePayload, what: string, action: () => Promise<T>): Promise<T> {
    for (let failures = 1; ; failures++) {
      try {
        return await action();
      } catch (error) {
        if (this.isStopping()) throw new Stopped();
        this.logger.error(`${what} failed (${failures}x), retrying: ${errorText(error)}`);
        await pause(backoffDelay(this.policy, failures), { isStopping: this.isStopping, heartbeat: payload.heartbeat });
      }
    }
  }
}
