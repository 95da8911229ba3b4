import { Admin, Kafka } from 'kafkajs';
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
export function integrationTopicSpecs(
  topics: TopicNames,
  layout: { numPartitions: number; replicationFactor: number },
): TopicSpec[] {
  return (Object.keys(topics) as Array<keyof TopicNames>).map((key) => ({
    topic: topics[key],
    ...layout,
    configEntries: Object.entries(TopicSettings[key]).map(([name, value]) => ({ name, value })),
  }));
}

const LEADER_WAIT_MS = 30_000;

/**
 * Creates missing topics (existing ones are left as they are), then waits until every partition
 * of every named topic has a leader that serves it, whoever created the topic and however
 * recently: a topic used before that answers "This server does not host this topic-partition".
 */
export async function ensureTopics(kafka: Kafka, specs: TopicSpec[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter((spec) => !existing.has(spec.topic));
    // Not kafkajs' own waitForLeaders: its metadata check fails at once on "This server does not host
    // this topic-partition" (it retries only "leader not available"), which a just-created topic answers.
    if (missing.length > 0) await admin.createTopics({ topics: missing, waitForLeaders: false });
    await untilServed(
      admin,
      specs.map((spec) => spec.topic),
    );
  } finally {
    await admin.disconnect();
  }
}

/** Every partition has a leader in the metadata and its leader answers a list-offsets request for it. */
async function untilServed(admin: Admin, topics: string[]): Promise<void> {
  const deadline = Date.now() + LEADER_WAIT_MS;
  let waitingFor = topics;
  for (;;) {
    const served = await Promise.all(waitingFor.map((topic) => isServed(admin, topic)));
    waitingFor = waitingFor.filter((_, index) => !served[index]);
    if (waitingFor.length === 0) return;
    if (Date.now() > deadline) {
      throw new Error(
        `Kafka topics without a serving leader after ${LEADER_WAIT_MS / 1000} s: ${waitingFor.join(', ')}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function isServed(admin: Admin, topic: string): Promise<boolean> {
  try {
    const [metadata] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
    if (!metadata || metadata.partitions.length === 0) return false;
    if (metadata.partitions.some((partition) => partition.leader < 0 || partition.partitionErrorCode !== 0))
      return false;
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.length === metadata.partitions.length;
  } catch {
    return false;
  }
}
