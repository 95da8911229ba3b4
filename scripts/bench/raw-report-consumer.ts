/**
 * The usage-reports bench's baseline, in a process of its own (so it shares no event loop with the
 * service it is compared with): a plain kafkajs consumer group reading the reports topic from the
 * beginning, parsing each report and summing its signatures per certificate, as little as a counting
 * consumer can do. Tells its parent (IPC) when it has joined, and when it has read `expected` messages.
 *
 * Run by usage-reports.bench.ts: tsx raw-report-consumer.ts <brokers> <topic> <group> <expected>
 */
import { Kafka, logLevel } from 'kafkajs';

const [brokers, topic, groupId, expectedText] = process.argv.slice(2);
const expected = Number(expectedText);
const send = (message: object) => process.send?.(message);

async function main() {
  const kafka = new Kafka({ clientId: groupId, brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
  const sums = new Map<string, number>();
  let read = 0;
  let done = false;
  consumer.on(consumer.events.GROUP_JOIN, () => send({ kind: 'joined' }));
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    eachBatch: async ({ batch }) => {
      for (const message of batch.messages) {
        const report = JSON.parse(message.value!.toString('utf8')) as {
          aggregateId: string;
          data: { signatures: number };
        };
        sums.set(report.aggregateId, (sums.get(report.aggregateId) ?? 0) + report.data.signatures);
        read++;
      }
      if (!done && read >= expected) {
        done = true;
        const signatures = [...sums.values()].reduce((sum, value) => sum + value, 0);
        send({ kind: 'done', at: Date.now(), read, signatures });
      }
    },
  });
  process.on('message', (message: { kind: string }) => {
    if (message.kind === 'stop') void consumer.disconnect().finally(() => process.exit(0));
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
