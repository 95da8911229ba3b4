import { eventRelay, KafkaPublisher } from '@signstash/messaging';
import { OpsContext, SERVICE_PARTS, requireStore } from './ops-context';

/**
 * Publishes the service's events again from `from` (inclusive) up to the live relay's checkpoint,
 * with the relay's own mapping and topic. Consumers dedupe by event id, so only a consumer whose
 * inbox lost them acts on them.
 */
export async function republish(
  context: OpsContext,
  from: bigint,
  upTo?: bigint,
): Promise<{ topic: string; count: number }> {
  const [part] = SERVICE_PARTS[context.service].relays;
  if (!part) throw new Error(`${context.service} has no relay`);
  const topic = context.topics[part.topic];
  const publisher = new KafkaPublisher(context.kafka);
  try {
    const { db, topics } = context;
    const relay = eventRelay(part, { store: requireStore(context), publisher, db, topics });
    return { topic, count: await relay.republish(from, upTo) };
  } finally {
    await publisher.close();
  }
}
