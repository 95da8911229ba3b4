import { CompressionTypes, Kafka, Message, Partitioners, Producer, ProducerConfig } from 'kafkajs';
import { HEADER_CORRELATION_ID, HEADER_EVENT_ID, HEADER_EVENT_TYPE, IntegrationEnvelope } from '@signstash/contracts';

export const envelopeMessage = (envelope: IntegrationEnvelope): Message => ({
  key: envelope.aggregateId,
  value: JSON.stringify(envelope),
  headers: {
    [HEADER_EVENT_ID]: envelope.eventId,
    [HEADER_EVENT_TYPE]: envelope.type,
    ...(envelope.correlationId ? { [HEADER_CORRELATION_ID]: envelope.correlationId } : {}),
  },
});

/** The publisher's producer: idempotent, one request in flight (order kept), murmur2 on the key as Java clients do. */
export const PUBLISHER_PRODUCER_CONFIG: ProducerConfig = {
  allowAutoTopicCreation: false,
  idempotent: true,
  maxInFlightRequests: 1,
  createPartitioner: Partitioners.DefaultPartitioner,
};

/** Publishes envelopes keyed by aggregate id, waiting for every in-sync replica to acknowledge. */
export class KafkaPublisher {
  private producer?: Producer;
  private connected?: Promise<void>;

  constructor(private readonly kafka: Kafka) {}

  async publish(topic: string, envelopes: IntegrationEnvelope[]): Promise<void> {
    await this.send(topic, envelopes.map(envelopeMessage));
  }

  /** Sends messages as given (key, value and headers untouched): dead-lettering and DLQ retries. */
  async send(topic: string, messages: Message[]): Promise<void> {
    if (messages.length === 0) return;
    const producer = this.current();
    try {
      await this.connected;
      await producer.send({ topic, acks: -1, compression: CompressionTypes.None, messages });
    } catch (error) {
      // After a failed connect or an exhausted send, start over with a fresh producer: a
      // rejected connect would otherwise be cached forever, and a new producer id avoids
      // sequence-number trouble with a broker that may or may not have written the batch.
      await this.discard(producer);
      throw error;
    }
  }

  /** Connects now rather than at the first send (which otherwise waits for the connection and the metadata). */
  async connect(): Promise<void> {
    const producer = this.current();
    try {
      await this.connected;
    } catch (error) {
      await this.discard(producer);
      throw error;
    }
  }

  async close(): Promise<void> {
    if (this.producer) await this.discard(this.producer);
  }

  private current(): Producer {
    if (!this.producer) {
      this.producer = this.kafka.producer(PUBLISHER_PRODUCER_CONFIG);
      this.connected = this.producer.connect();
      this.connected.catch(() => undefined); // observed in send(); keeps an early rejection from being "unhandled"
    }
    return this.producer;
  }

  private async discard(producer: Producer): Promise<void> {
    if (this.producer !== producer) return;
    this.producer = undefined;
    this.connected = undefined;
    await producer.disconnect().catch(() => undefined);
  }
}
