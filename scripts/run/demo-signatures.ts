import { randomUUID } from 'node:crypto';
import { signatureReportEnvelope } from '@signstash/contracts';
import { createKafka, KafkaPublisher } from '@signstash/messaging';
import type { GatewaySession } from '@signstash/testing';

/** Signatures the demo's signing side reports per certificate alias: one past the 90 % warning, others below. */
export const DEMO_SIGNATURES: Record<string, number> = {
  'Invoices signature': 930_000_000,
  'HR contracts': 412_500_000,
  'Branch office 01': 18_250_000,
  'Branch office 02': 2_400,
};

/**
 * Publishes usage reports as the signing side would: each certificate's signatures in a few
 * batches since its grant, each report with its own id, naming the grant it signed under.
 */
export async function publishDemoSignatures(
  session: GatewaySession,
  issuerId: string,
  kafka: { brokers: string[]; topic: string },
  certificates: Array<{ id: string; alias: string }>,
): Promise<number> {
  const publisher = new KafkaPublisher(createKafka({ clientId: 'signstash-demo-signing', brokers: kafka.brokers }));
  let published = 0;
  try {
    for (const { id, alias } of certificates) {
      const total = DEMO_SIGNATURES[alias];
      if (!total) continue;
      const detail = await session.get(`/api/certificates/${id}`);
      if (detail.status !== 200) throw new Error(`reading ${alias} for its grant: ${detail.status}`);
      const { access } = detail.body as { access: { grantedAt: string } };
      const granted = Date.parse(access.grantedAt);
      const batches = 4;
      // Spread over the time since the grant, so the card's rate has a span to go by.
      const span = Math.max(1, Date.now() - granted);
      const reports = Array.from({ length: batches }, (_, i) => {
        const signatures = Math.floor(total / batches) + (i === batches - 1 ? total % batches : 0);
        return signatureReportEnvelope({
          reportId: randomUUID(),
          sequence: i,
          certificateId: id,
          issuerId,
          grantedAt: access.grantedAt,
          signatures,
          firstAt: new Date(granted + (span * i) / batches).toISOString(),
          lastAt: new Date(granted + (span * (i + 1)) / batches).toISOString(),
        });
      });
      await publisher.publish(kafka.topic, reports);
      published += reports.length;
    }
  } finally {
    await publisher.close();
  }
  return published;
}
