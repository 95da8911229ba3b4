import { Kafka, logLevel } from 'kafkajs';
import { madeInRun } from '../../libs/testing/src/test-env';

/** The topics to delete after the run `run`: those named with its tag (`uniqueName` under `npm test`). */
export const createdByRun = (run: string, now: readonly string[]): string[] =>
  now.filter((topic) => madeInRun(topic, run));

/**
 * The topics a test run creates, deleted after it. Every test file creates topics of its own (unique
 * names, several partitions each), and Kafka keeps its data folder between runs on a developer's
 * machine: after a day of runs it held 13,663 partitions and its 512 MB heap ran out in the middle of a
 * run (OutOfMemoryError, every later test failing to connect). A run now leaves Kafka as it found it.
 * Only the run's own topics, by the tag in their names: deleting every topic new since the start also
 * deleted a bench's topics in the middle of its run on the same engines.
 */
export class TestTopics {
  private readonly kafka: Kafka;

  constructor(
    brokers: string[],
    private readonly run: string,
  ) {
    this.kafka = new Kafka({ clientId: 'signstash-test-topics', brokers, logLevel: logLevel.NOTHING });
  }

  /** Deletes the run's topics; returns how many. Best effort: a failure is reported, never fatal. */
  async deleteCreated(): Promise<number> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const created = createdByRun(this.run, await admin.listTopics());
      for (let i = 0; i < created.length; i += 500) {
        await admin.deleteTopics({ topics: created.slice(i, i + 500), timeout: 60_000 });
      }
      return created.length;
    } finally {
      await admin.disconnect();
    }
  }
}
