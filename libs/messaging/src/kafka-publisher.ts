import { CompressionTypes, Kafka, Producer } from 'kafkajs';
import {
  HEADER_CORRELATION_ID,
  HEADER_EVENT_ID,
  HEADER_EVENT_TYPE,
  IntegrationEnvelope,
} from '@signstash/contracts';

/** Publishes envelopes keyed by aggregate id, waiting for every in-sync replica to acknowledge. */
export class KafkaPublisher {
  private readonly producer: Producer;
  private connected?: Promise<void>;

  constructor(kafka: Kafka) {
    this.producer = kafka.producer({ allowAutoTopicCreation: false, idempotent: true, maxInFlightRequests: 1 });
  }

  async publish(topic: string, envelopes: IntegrationEnvelope[]): Promise<void> {
    if (envelopes.length === 0) return;
    this.connected ??= this.producer.connect();
    await this.connected;
    await this.producer.send({
      topic,
      acks: -1,
      compression: CompressionTypes.None,
      messages: envelopes.map((envelope) => ({
        key: envelope.aggregateId,
        value: JSON.stringify(envelope),
        headers: {
          [HEADER_EVENT_ID]: envelope.eventId,
          [HEADER_EVENT_TYPE]: envelope.type,
          ...(envelope.correlationId ? { [HEADER_CORRELATION_ID]: envelope.correlationId } : {}),
        },
      })),
    });
  }

  async close(): Promise<void> {
    if (this.connected) await this.producer.disconnect();
    this.connected = undefined;
  }
}
