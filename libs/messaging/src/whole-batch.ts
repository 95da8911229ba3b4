import type { Logger } from '@nestjs/common';
import type { EachBatchPayload } from 'kafkajs';
import type { IntegrationEnvelope } from '@signstash/contracts';
import { groupBy } from '@signstash/platform';
import { HEADER_RETRIED_FROM_DLQ, headerText } from './dead-letter-headers';
import { BatchHandler, parseEnvelope } from './event-dispatch';

/**
 * One fetched batch of one partition through the batch handlers, when every message in it has one:
 * each type's envelopes in one call, then the batch's last offset resolved. Nothing else is written
 * per message (no inbox entries): batch handlers are idempotent per event id themselves.
 *
 * Returns how many events were handled; 0, having done nothing, when the batch is not for them (a message of another type, an
 * unparseable one, a dead letter being retried) or a handler failed: the caller then handles the
 * batch message by message, with retries and dead letters, so a poison message is set apart there.
 */
export async function runWholeBatch(
  payload: EachBatchPayload,
  handlers: Readonly<Record<string, BatchHandler>>,
  logger: Logger,
): Promise<number> {
  const { batch } = payload;
  const envelopes: Array<{ envelope: IntegrationEnvelope; publishedAt: number }> = [];
  for (const message of batch.messages) {
    if (headerText(message.headers, HEADER_RETRIED_FROM_DLQ) !== undefined) return 0;
    const envelope = parseEnvelope(message.value);
    if ('invalid' in envelope || !Object.hasOwn(handlers, envelope.type)) return 0;
    envelopes.push({ envelope, publishedAt: Number(message.timestamp) });
  }
  if (envelopes.length === 0 || !payload.isRunning() || payload.isStale()) return 0;
  try {
    for (const [type, ofType] of groupBy(envelopes, ({ envelope }) => envelope.type)) {
      const lastPublishedAt = Math.max(...ofType.map(({ publishedAt }) => publishedAt));
      await handlers[type](
        ofType.map(({ envelope }) => envelope),
        payload.heartbeat,
        lastPublishedAt,
      );
    }
  } catch (error) {
    logger.warn(
      `batch of ${envelopes.length} at ${batch.topic}/${batch.partition}@${batch.firstOffset()} failed as a whole, ` +
        `handling it message by message: ${error instanceof Error ? error.message : String(error)}`,
    );
    return 0;
  }
  payload.resolveOffset(batch.lastOffset());
  await payload.commitOffsetsIfNecessary();
  await payload.heartbeat();
  return envelopes.length;
}
