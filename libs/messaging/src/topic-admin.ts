import { Kafka } from 'kafkajs';
import { TopicNames, TopicSettings } from '@signstash/contracts';

export interface TopicSpec {
  topic: string;
  /** Omitted: the broker's default (`num.partitions`, `default.replication.factor`). */
  numPartitions?: number;
  replicationFactor?: number;
  /** Topic-level settings for a topic this creates, e.g. `retention.ms`. */
  configEntries?: { name: string; value: string }[];
}

/** The integration topics under their names here, with the settings of `TopicSettings`. */
export function integrationTopicSpecs(topics: TopicNames, layout: { numPartitions: number; replicationFactor: number }): TopicSpec[] {
  return (Object.keys(topics) as Array<keyof TopicNames>).map((key) => ({
    topic: topics[key],
    ...layout,
    configEntries: Object.entries(TopicSettings[key]).map(([name, value]) => ({ name, value })),
  }));
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
