import { EachMessagePayload } from 'kafkajs';
import { HEADER_EVENT_ID, HEADER_EVENT_TYPE, IntegrationEnvelope } from '@signstash/contracts';
import { testEnv, uniqueName } from '@signstash/testing';
import { createKafka } from './kafka-connection';
import { KafkaPublisher } from './kafka-publisher';
import { ensureTopics } from './topic-admin';

describe('Kafka round trip (real broker)', () => {
  const kafka = createKafka({ clientId: uniqueName('smoke'), brokers: testEnv().kafkaBrokers });
  const topic = uniqueName('smoke.kafka');
  const publisher = new KafkaPublisher(kafka);
  const consumer = kafka.consumer({ groupId: uniqueName('smoke-group') });

  afterAll(async () => {
    await publisher.close();
    await consumer.disconnect();
  });

  it('publishes an envelope keyed by aggregate and a consumer group reads it back', async () => {
    await ensureTopics(kafka, [{ topic, numPartitions: 3, replicationFactor: 1 }]);
    await ensureTopics(kafka, [{ topic, numPartitions: 3, replicationFactor: 1 }]); // existing topics are left alone
    const envelope: IntegrationEnvelope = {
      eventId: uniqueName('event'),
      type: 'SmokeTested',
      schemaVersion: 1,
      occurredAt: new Date().toISOString(),
      issuerId: 'issuer-1',
      aggregateId: uniqueName('aggregate'),
      streamRevision: 0,
      data: { ok: true },
    };

    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received = new Promise<EachMessagePayload>((resolve) => {
      void consumer.run({ eachMessage: async (payload) => resolve(payload) });
    });
    await publisher.publish(topic, [envelope]);
    const { message } = await received;

    expect(message.key?.toString()).toBe(envelope.aggregateId);
    expect(JSON.parse(message.value!.toString())).toEqual(envelope);
    expect(message.headers?.[HEADER_EVENT_ID]?.toString()).toBe(envelope.eventId);
    expect(message.headers?.[HEADER_EVENT_TYPE]?.toString()).toBe('SmokeTested');
  });
});
