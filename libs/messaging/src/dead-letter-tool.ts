import { randomUUID } from 'node:crypto';
import { Admin, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import { Collection, Db } from 'mongodb';
import { isDuplicateKey } from '@signstash/platform';
import { deadLetterTopic, IntegrationEnvelope } from '@signstash/contracts';
import {
  DeadLetterCause,
  headerText,
  HEADER_RETRIED_FROM_DLQ,
  originalHeaders,
  readDeadLetterCause,
} from './dead-letter-headers';
import { parseEnvelope } from './event-dispatch';
import { KafkaPublisher } from './kafka-publisher';

export interface DeadLetter {
  deadLetterTopic: string;
  partition: number;
  offset: string;
  /** When it was dead-lettered (Kafka timestamp, ms). */
  timestamp: string;
  key: string | null;
  value: string | null;
  /** The envelope, when the value parses as one. */
  envelope?: IntegrationEnvelope;
  /** The message's own headers, as text. */
  headers: Record<string, string>;
  cause?: DeadLetterCause;
  /** False for a value that is no envelope: re-publishing the same bytes cannot succeed, so retry leaves it. */
  retryable: boolean;
  /** Already put back on its original topic by a retry (at `retriedAt`). */
  retried: boolean;
  retriedAt?: Date;
}

/** One retried dead letter; `_id` is `<dlq topic>/<partition>@<offset>`. */
interface RetryMark {
  _id: string;
  deadLetterTopic: string;
  /** The letter's Kafka timestamp: a recreated DLQ topic reuses offsets, and must not inherit old marks. */
  letterTimestamp: string;
  eventId?: string;
  retriedAt: Date;
}

interface RawDeadLetter {
  partition: number;
  message: KafkaMessage;
}

const READ_TIMEOUT_MS = 30_000;
const DEAD_LETTER_RETRIES_COLLECTION = 'dead_letter_retries';

const textHeaders = (headers: IHeaders): Record<string, string> =>
  Object.fromEntries(Object.keys(headers).map((name) => [name, headerText(headers, name) ?? '']));
const markId = (dlqTopic: string, partition: number, offset: string) => `${dlqTopic}/${partition}@${offset}`;

/**
 * Lists and retries the dead letters of one (topic, consumer group). A retry re-publishes the
 * original key, value and headers to the original topic, where every group of that topic sees it
 * again: groups that had handled it skip it through their inbox. The DLQ topic is append-only, so
 * a retried letter stays in it, marked in the consuming service's database (`dead_letter_retries`,
 * one document per letter, written after the re-publish): a later retry skips it, whatever letters
 * around it were retried or not. A crash between re-publish and mark re-publishes it once more on
 * the next retry, which the inbox absorbs. A retry whose cause persists dead-letters the message
 * again, as a new letter.
 */
export class DeadLetterTool {
  private readonly publisher: KafkaPublisher;
  private readonly marks: Collection<RetryMark>;

  /** `db` is the consuming service's database, where its inbox is. */
  constructor(
    private readonly kafka: Kafka,
    db: Db,
  ) {
    this.publisher = new KafkaPublisher(kafka);
    this.marks = db.collection<RetryMark>(DEAD_LETTER_RETRIES_COLLECTION);
  }

  async list(topic: string, group: string): Promise<DeadLetter[]> {
    const dlqTopic = deadLetterTopic(topic, group);
    const [raw, marks] = await Promise.all([
      this.withAdmin((admin) => this.readAll(admin, dlqTopic)),
      this.marks.find({ deadLetterTopic: dlqTopic }).toArray(),
    ]);
    const marked = new Map(marks.map((mark) => [mark._id, mark]));
    return raw.map(({ partition, message }) => {
      const envelope = parseEnvelope(message.value);
      const found = marked.get(markId(dlqTopic, partition, message.offset));
      const mark = found?.letterTimestamp === message.timestamp ? found : undefined;
      return {
        deadLetterTopic: dlqTopic,
        partition,
        offset: message.offset,
        timestamp: message.timestamp,
        key: message.key?.toString('utf8') ?? null,
        value: message.value?.toString('utf8') ?? null,
        envelope: 'invalid' in envelope ? undefined : envelope,
        headers: textHeaders(originalHeaders(message.headers)),
        cause: readDeadLetterCause(message.headers),
        retryable: !('invalid' in envelope),
        retried: mark !== undefined,
        retriedAt: mark?.retriedAt,
      };
    });
  }

  /**
   * Re-publishes the retryable dead letters not retried yet (only those with the given event ids,
   * if any) and marks each. `left`: the letters still not retried (not selected, or no envelope).
   */
  async retry(
    topic: string,
    group: string,
    selection: { eventIds?: string[] } = {},
  ): Promise<{ retried: number; left: number }> {
    const waiting = (await this.list(topic, group)).filter((letter) => !letter.retried);
    const chosen = waiting.filter(
      (letter) => letter.retryable && (!selection.eventIds || selection.eventIds.includes(letter.envelope!.eventId)),
    );
    for (const letter of chosen) {
      const id = markId(letter.deadLetterTopic, letter.partition, letter.offset);
      const headers = { ...letter.headers, [HEADER_RETRIED_FROM_DLQ]: id };
      // Taken before the send: a consumer may fail on the copy before the mark below is written.
      const retriedAt = new Date();
      await this.publisher.send(letter.cause?.originalTopic ?? topic, [
        { key: letter.key, value: letter.value, headers },
      ]);
      await this.mark({
        _id: id,
        deadLetterTopic: letter.deadLetterTopic,
        letterTimestamp: letter.timestamp,
        eventId: letter.envelope!.eventId,
        retriedAt,
      });
    }
    return { retried: chosen.length, left: waiting.length - chosen.length };
  }

  async close(): Promise<void> {
    await this.publisher.close();
  }

  private async mark(mark: RetryMark): Promise<void> {
    try {
      await this.marks.insertOne(mark);
    } catch (error) {
      // A concurrent retry marked it too: it was re-published twice, which the inbox absorbs.
      if (!isDuplicateKey(error)) throw error;
    }
  }

  /** kafkajs cannot assign partitions by hand, so a throwaway group reads the topic from the start to its current end. */
  private async readAll(admin: Admin, dlqTopic: string): Promise<RawDeadLetter[]> {
    if (!(await admin.listTopics()).includes(dlqTopic)) return [];
    const ends = (await admin.fetchTopicOffsets(dlqTopic)).filter(({ high, low }) => BigInt(high) > BigInt(low));
    if (ends.length === 0) return [];
    const lastOffsets = new Map(ends.map(({ partition, high }) => [partition, BigInt(high) - 1n]));
    const groupId = `signstash-dlq-reader-${randomUUID()}`;
    const consumer = this.kafka.consumer({ groupId, allowAutoTopicCreation: false });
    const found = new Map<string, RawDeadLetter>(); // keyed by partition and offset: a rebalance may redeliver
    let timer: NodeJS.Timeout | undefined;
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [dlqTopic], fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        timer = setTimeout(
          () => reject(new Error(`reading ${dlqTopic} took over ${READ_TIMEOUT_MS} ms`)),
          READ_TIMEOUT_MS,
        );
        const reached = new Set<number>();
        consumer
          .run({
            autoCommit: false,
            eachMessage: async ({ partition, message }) => {
              const last = lastOffsets.get(partition);
              if (last === undefined || BigInt(message.offset) > last) return;
              found.set(`${partition}:${message.offset}`, { partition, message });
              if (BigInt(message.offset) === last) reached.add(partition);
              if (reached.size === lastOffsets.size) resolve();
            },
          })
          .catch(reject);
      });
    } finally {
      clearTimeout(timer);
      await consumer.disconnect();
      await admin.deleteGroups([groupId]).catch(() => undefined);
    }
    return [...found.values()].sort(
      (a, b) => a.partition - b.partition || Number(BigInt(a.message.offset) - BigInt(b.message.offset)),
    );
  }

  private async withAdmin<T>(work: (admin: Admin) => Promise<T>): Promise<T> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      return await work(admin);
    } finally {
      await admin.disconnect();
    }
  }
}
