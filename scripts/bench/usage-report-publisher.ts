/**
 * The usage-reports bench's publisher, in a process of its own, so that neither side of the comparison
 * shares its event loop with the producer: the raw consumer has a process of its own, and the service
 * (the bench's own process) would otherwise encode and send every report on the event loop it counts
 * them on. Publishes round after round (one report per certificate a round, every `duplicateEvery`-th
 * report twice) and tells its parent (IPC) when it starts and when each round was handed to Kafka.
 *
 * Run by usage-reports.bench.ts: tsx usage-report-publisher.ts <brokers> <topic> <issuer> <rounds>
 * <signatures each report> <duplicate every>, then an IPC `publish` message with the certificates.
 */
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { signatureReportEnvelope } from '@signstash/contracts';
import { envelopeMessage, PUBLISHER_PRODUCER_CONFIG } from '@signstash/messaging';

const [brokers, topic, issuerId, roundsText, signaturesText, duplicateText] = process.argv.slice(2);
const send = (message: object) => process.send?.(message);

async function publish(certificates: { id: string; grantedAt: string }[]) {
  const kafka = new Kafka({ clientId: `${topic}.publisher`, brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  const producer = kafka.producer(PUBLISHER_PRODUCER_CONFIG);
  await producer.connect();
  const sentAt: number[] = [];
  let sequence = 0;
  send({ kind: 'started', at: Date.now() });
  for (let round = 0; round < Number(roundsText); round++) {
    const messages = certificates.flatMap((certificate) => {
      const now = new Date().toISOString();
      const report = envelopeMessage(
        signatureReportEnvelope({
          reportId: randomUUID(),
          sequence: round,
          certificateId: certificate.id,
          issuerId,
          grantedAt: certificate.grantedAt,
          signatures: Number(signaturesText),
          firstAt: now,
          lastAt: now,
        }),
      );
      return ++sequence % Number(duplicateText) === 0 ? [report, report] : [report];
    });
    sentAt.push(Date.now());
    await producer.send({ topic, acks: -1, messages });
  }
  await producer.disconnect();
  send({ kind: 'sent', sentAt });
}

process.on('message', (message: { kind: string; certificates: { id: string; grantedAt: string }[] }) => {
  if (message.kind === 'publish')
    publish(message.certificates).catch((error) => {
      console.error(error);
      process.exit(1);
    });
});
