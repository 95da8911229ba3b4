import { IHeaders } from 'kafkajs';

/** Headers a dead-lettered message carries beside its original key, value and headers. */
export const DeadLetterHeaders = {
  error: 'signstash-dlq-error',
  originalTopic: 'signstash-dlq-original-topic',
  originalPartition: 'signstash-dlq-original-partition',
  originalOffset: 'signstash-dlq-original-offset',
  consumerGroup: 'signstash-dlq-consumer-group',
  attempts: 'signstash-dlq-attempts',
  failedAt: 'signstash-dlq-failed-at',
} as const;

/** Set on a message put back on its original topic by a DLQ retry. */
export const HEADER_RETRIED_FROM_DLQ = 'signstash-retried-from-dlq';

export interface DeadLetterCause {
  error: string;
  originalTopic: string;
  originalPartition: number;
  originalOffset: string;
  consumerGroup: string;
  /** Handler attempts made; 0 when the message was never handed to a handler (unparseable, unknown type). */
  attempts: number;
  failedAt: Date;
}

const MAX_ERROR_LENGTH = 4000;
const DLQ_HEADER_NAMES = new Set<string>(Object.values(DeadLetterHeaders));

export const deadLetterHeaders = (original: IHeaders | undefined, cause: DeadLetterCause): IHeaders => ({
  ...original,
  [DeadLetterHeaders.error]: cause.error.slice(0, MAX_ERROR_LENGTH),
  [DeadLetterHeaders.originalTopic]: cause.originalTopic,
  [DeadLetterHeaders.originalPartition]: String(cause.originalPartition),
  [DeadLetterHeaders.originalOffset]: cause.originalOffset,
  [DeadLetterHeaders.consumerGroup]: cause.consumerGroup,
  [DeadLetterHeaders.attempts]: String(cause.attempts),
  [DeadLetterHeaders.failedAt]: cause.failedAt.toISOString(),
});

export const headerText = (headers: IHeaders | undefined, name: string): string | undefined => {
  const value = headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
};

/** The cause recorded in a dead-lettered message's headers, or undefined when they are missing. */
export function readDeadLetterCause(headers: IHeaders | undefined): DeadLetterCause | undefined {
  const text = (name: string) => headerText(headers, name);
  const originalTopic = text(DeadLetterHeaders.originalTopic);
  if (originalTopic === undefined) return undefined;
  return {
    error: text(DeadLetterHeaders.error) ?? '',
    originalTopic,
    originalPartition: Number(text(DeadLetterHeaders.originalPartition)),
    originalOffset: text(DeadLetterHeaders.originalOffset) ?? '',
    consumerGroup: text(DeadLetterHeaders.consumerGroup) ?? '',
    attempts: Number(text(DeadLetterHeaders.attempts) ?? 0),
    failedAt: new Date(text(DeadLetterHeaders.failedAt) ?? 0),
  };
}

/** The message's own headers, without what dead-lettering added: what a retry sends again. */
export const originalHeaders = (headers: IHeaders | undefined): IHeaders =>
  Object.fromEntries(Object.entries(headers ?? {}).filter(([name]) => !DLQ_HEADER_NAMES.has(name)));
