import type { Kafka } from 'kafkajs';
import type { Registry } from 'prom-client';
import { BackgroundWorker, gaugeFrom } from '@signstash/platform';
import { EventRelay } from './event-relay';
import { KafkaEventConsumer } from './kafka-event-consumer';

/**
 * Consumer outcomes and lag, dead-letter topic sizes, relay leadership and lag, read at scrape
 * time from the workers themselves.
 */
export function registerMessagingMetrics(registry: Registry, kafka: Kafka, workers: BackgroundWorker[]): void {
  const consumers = workers.filter((worker): worker is KafkaEventConsumer => worker instanceof KafkaEventConsumer);
  const relays = workers.filter((worker): worker is EventRelay => worker instanceof EventRelay);
  if (consumers.length > 0) {
    gaugeFrom(
      registry,
      'signstash_consumer_messages_total',
      'Consumed messages since start, by outcome',
      () =>
        consumers.flatMap((consumer) =>
          Object.entries(consumer.counters()).map(([outcome, value]) => ({
            labels: { consumer: consumer.name, outcome },
            value: Number(value),
          })),
        ),
      ['consumer', 'outcome'],
    );
    gaugeFrom(
      registry,
      'signstash_consumer_lag',
      'Messages on the topic not yet consumed by the group',
      async () => {
        const samples = [];
        for (const consumer of consumers) {
          const byTopic = new Map<string, number>();
          for (const partition of await consumer.lag().catch(() => []))
            byTopic.set(partition.topic, (byTopic.get(partition.topic) ?? 0) + partition.lag);
          for (const [topic, value] of byTopic) samples.push({ labels: { consumer: consumer.name, topic }, value });
        }
        return samples;
      },
      ['consumer', 'topic'],
    );
    gaugeFrom(
      registry,
      'signstash_dlq_messages',
      'Messages in the dead-letter topics (high watermark − low), retried ones included: `ops dlq list` shows which are pending',
      async () => {
        const admin = kafka.admin();
        await admin.connect();
        try {
          const samples = [];
          for (const topic of consumers.flatMap((consumer) => consumer.deadLetterTopics)) {
            const offsets = await admin.fetchTopicOffsets(topic).catch(() => []);
            samples.push({
              labels: { topic },
              value: offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0),
            });
          }
          return samples;
        } finally {
          await admin.disconnect();
        }
      },
      ['topic'],
    );
  }
  if (relays.length > 0) {
    registerRelayLeaderGauge(registry, relays);
    // Only the publishing replica reports lag, so summing over replicas counts it once.
    gaugeFrom(
      registry,
      'signstash_relay_lag',
      'Event store positions not yet published to Kafka (reported by the publishing replica)',
      async () =>
        Promise.all(
          relays
            .filter((relay) => relay.leading)
            .map(async (relay) => ({ labels: { relay: relay.name }, value: Number((await relay.status()).lag) })),
        ),
      ['relay'],
    );
    gaugeFrom(
      registry,
      'signstash_relay_published_total',
      'Events published to Kafka since start',
      async () =>
        Promise.all(
          relays.map(async (relay) => ({ labels: { relay: relay.name }, value: (await relay.status()).published })),
        ),
      ['relay'],
    );
  }
}

/** `signstash_relay_leader{relay}`: 1 on the replica holding each relay's lease, 0 on the others. */
export function registerRelayLeaderGauge(registry: Registry, relays: Array<{ name: string; leading: boolean }>): void {
  gaugeFrom(
    registry,
    'signstash_relay_leader',
    'Whether this replica publishes the relay (holds its lease): 1 or 0',
    () => relays.map((relay) => ({ labels: { relay: relay.name }, value: relay.leading ? 1 : 0 })),
    ['relay'],
  );
}
