import { Kafka, logLevel } from 'kafkajs';

/** The development stack's topics (`npm start`, with any event store): never deleted, whenever created. */
const DEVELOPMENT_TOPIC = /^(?:[a-z]+\.)?signstash\./;

/** The topics to delete after a run: there now, not before it, and not the development stack's. */
export const createdByRun = (before: ReadonlySet<string>, now: readonly string[]): string[] =>
  now.filter((topic) => !before.has(topic) && !DEVELOPMENT_TOPIC.test(topic));

/**
 * The topics a test run creates, deleted after it. Every test file creates topics of its own (unique
 * names, several partitions each), and Kafka keeps its data folder between runs on a developer's
 * machine: after a day of runs it held 13,663 partitions and its 512 MB heap ran out in the middle of a
 * run (OutOfMemoryError, every later test failing to connect). A run now leaves Kafka as it found it.
 */
export class TestTopics {
  private readonly kafka: Kafka;
  private before?: Set<string>;

  constructor(brokers: string[]) {
    this.kafka = new Kafka({ clientId: 'signstash-test-topics', brokers, logLevel: logLevel.NOTHING });
  }

  /** Notes the topics that exist before the run (the development stack's among them): those stay. */
  async noteExisting(): Promise<void> {
    this.before = new Set(await this.list());
  }

  /** Deletes every topic created since `noteExisting`; returns how many. Best effort: a failure is reported, never fatal. */
  async deleteCreated(): Promise<number> {
    if (!this.before) return 0;
    const created = createdByRun(this.before, await this.list());
    if (created.length === 0) return 0;
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      for (let i = 0; i < created.length; i += 500) {
        await admin.deleteTopics({ topics: created.slice(i, i + 500), timeout: 60_000 });
      }
    } finally {
      await admin.disconnect();
    }
    return created.length;
  }

  private async list(): Promise<string[]> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      return (await admin.listTopics()).filter((topic) => !topic.startsWith('__'));
    } finally {
      await admin.disconnect();
    }
  }
}
