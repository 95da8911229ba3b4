import { Kafka } from 'kafkajs';

export interface TopicSpec {
  topic: string;
  /** Omitted: the broker's default (`num.partitions`, `default.replication.factor`). */
  numPartitions?: number;
  replicationFactor?: number;
  /** Topic-level settings for a topic this creates, e.g. `retention.ms`. */
  configEntries?: { name: string; value: string }[];
}

/** Creates missing topics; existing ones are left as they are. */
export async function ensureTopics(kafka: Kafka, specs: TopicSpec[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter((spec) => !existing.has(spec.topic));
    if (missing.length > 0) await admin.createTopics({ topics: missing, waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
}
