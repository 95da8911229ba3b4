import type { Consumer, Kafka } from 'kafkajs';
import type { IntegrationEnvelope } from '@signstash/contracts';
import { uniqueName } from './test-env';

/** Collects every JSON message of a topic from its beginning, in a consumer group of its own. */
export async function collectTopic<T = IntegrationEnvelope>(
  kafka: Kafka,
  topic: string,
): Promise<{ received: T[]; stop(): Promise<void> }> {
  const received: T[] = [];
  const consumer: Consumer = kafka.consumer({ groupId: uniqueName('topic-reader') });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => void received.push(JSON.parse(message.value!.toString()) as T),
  });
  return { received, stop: () => consumer.disconnect() };
}
