import type { Consumer, ConsumerConfig, Kafka } from 'kafkajs';
import { testEnv, uniqueName, waitFor } from '@signstash/testing';
import { KafkaBroadcastConsumer } from './kafka-broadcast-consumer';
import { createKafka } from './kafka-connection';
import { KafkaPublisher } from './kafka-publisher';
import { ensureTopics } from './topic-admin';
import { testEnvelope } from './testing/envelope.fixture';

const envelope = (eventId: string) => testEnvelope('SmokeTested', { eventId });

/**
 * The live pages' fan-out: "from now on" must mean from before the join, when the streams say
 * `ready` and the pages re-read; not from kafkajs' "latest" at its first fetch, after the join.
 */
describe('KafkaBroadcastConsumer (real broker)', () => {
  const kafka = createKafka({ clientId: uniqueName('broadcast'), brokers: testEnv().kafkaBrokers });
  const topic = uniqueName('broadcast.kafka');
  const publisher = new KafkaPublisher(kafka);
  let broadcast: KafkaBroadcastConsumer | undefined;

  afterAll(async () => {
    await broadcast?.stop();
    await publisher.close();
  });

  it('delivers what is published while it joins (after it started, before its first fetch), and nothing older', async () => {
    await ensureTopics(kafka, [{ topic, numPartitions: 3, replicationFactor: 1 }]);
    await publisher.publish(topic, [envelope('before-start')]);
    const published: Array<Promise<unknown>> = [];
    // The moment the consumer has connected, i.e. after `start` and before it has joined its group.
    const watched = Object.create(kafka) as Kafka;
    watched.consumer = (config: ConsumerConfig): Consumer => {
      const consumer = kafka.consumer(config);
      consumer.on(consumer.events.CONNECT, () => {
        if (published.length === 0) published.push(publisher.publish(topic, [envelope('while-joining')]));
      });
      return consumer;
    };
    const received: string[] = [];
    broadcast = new KafkaBroadcastConsumer(watched, {
      groupPrefix: uniqueName('broadcast-test'),
      topics: [topic],
      onEnvelope: (event) => received.push(event.eventId),
    });

    void broadcast.start();
    await broadcast.whenJoined();
    await Promise.all(published);
    await publisher.publish(topic, [envelope('after-join')]);

    await waitFor(() => (received.length >= 2 ? true : undefined), 20_000, 100);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(received.sort()).toEqual(['after-join', 'while-joining']);
  });
});
