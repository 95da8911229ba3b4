import { randomUUID } from 'node:crypto';
import { Admin, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
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
  key: string | null;
  value: string | null;
  /** The envelope, when the value parses as one. */
  envelope?: IntegrationEnvelope;
  /** The message's own headers, as text. */
  headers: Record<string, string>;
  cause?: DeadLetterCause;
  /** Already put back on the original topic by a retry. */
  retried: boolean;
}

interface RawDeadLetter {
  partition: number;
  message: KafkaMessage;
}

const READ_TIMEOUT_MS = 30_000;

const textHeaders = (headers: IHeaders): Record<string, string> =>
  Object.fromEntries(Object.keys(headers).map((name) => [name, headerText(headers, name) ?? '']));

/**
 * Lists and retries the dead letters of one (topic, consumer group). A retry re-publishes the
 * original key, value and headers to the original topic, where every group sees it again:
 * groups that had handled it skip it through their inbox. Which dead letters were retried is
 * kept as committed offsets of a cursor group `<dlq topic>.retried`, so "retry all" puts each
 * back once; a retry of a selection moves the cursor only over a retried prefix.
 */
export class DeadLetterTool {
  private readonly publisher: KafkaPublisher;

  constructor(private readonly kafka: Kafka) {
    this.publisher = new KafkaPublisher(kafka);
  }

  async list(topic: string, group: string): Promise<DeadLetter[]> {
    const dlqTopic = deadLetterTopic(topic, group);
    return this.withAdmin(async (admin) => {
      const [raw, cursor] = await Promise.all([this.readAll(admin, dlqTopic), this.cursor(admin, dlqTopic)]);
      return raw.map(({ partition, message }) => {
        const value = message.value?.toString('utf8') ?? null;
        const envelope = parseEnvelope(message.value);
        return {
          deadLetterTopic: dlqTopic,
          partition,
          offset: message.offset,
          key: message.key?.toString('utf8') ?? null,
          value,
          envelope: 'invalid' in envelope ? undefined : envelope,
          headers: textHeaders(originalHeaders(message.headers)),
          cause: readDeadLetterCause(message.headers),
          retried: BigInt(message.offset) < (cursor.get(partition) ?? 0n),
        };
      });
    });
  }

  /** Re-publishes the dead letters not yet retried (only those with the given event ids, if any); returns how many. */
  async retry(topic: string, group: string, selection: { eventIds?: string[] } = {}): Promise<number> {
    const dlqTopic = deadLetterTopic(topic, group);
    const letters = (await this.list(topic, group)).filter((letter) => !letter.retried);
    const chosen = selection.eventIds
      ? letters.filter((letter) => letter.envelope && selection.eventIds!.includes(letter.envelope.eventId))
      : letters;
    for (const letter of chosen) {
      const target = letter.cause?.originalTopic ?? topic;
      const headers = {
        ...letter.headers,
        [HEADER_RETRIED_FROM_DLQ]: `${dlqTopic}/${letter.partition}@${letter.offset}`,
      };
      await this.publisher.send(target, [{ key: letter.key, value: letter.value, headers }]);
    }
    await this.advanceCursor(dlqTopic, letters, new Set(chosen));
    return chosen.length;
  }

  async close(): Promise<void> {
    await this.publisher.close();
  }

  private async advanceCursor(dlqTopic: string, pending: DeadLetter[], retried: Set<DeadLetter>): Promise<void> {
    const next = new Map<number, bigint>();
    const blocked = new Set<number>();
    for (const letter of pending) {
      if (blocked.has(letter.partition)) continue;
      if (retried.has(letter)) next.set(letter.partition, BigInt(letter.offset) + 1n);
      else blocked.add(letter.partition);
    }
    if (next.size === 0) return;
    const partitions = [...next].map(([partition, offset]) => ({ partition, offset: offset.toString() }));
    await this.withAdmin((admin) => admin.setOffsets({ groupId: cursorGroup(dlqTopic), topic: dlqTopic, partitions }));
  }

  private async cursor(admin: Admin, dlqTopic: string): Promise<Map<number, bigint>> {
    const [offsets] = await admin.fetchOffsets({ groupId: cursorGroup(dlqTopic), topics: [dlqTopic] });
    return new Map((offsets?.partitions ?? []).map(({ partition, offset }) => [partition, BigInt(offset)]));
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

const cursorGroup = (dlqTopic: string) => `${dlqTopic}.retried`;
