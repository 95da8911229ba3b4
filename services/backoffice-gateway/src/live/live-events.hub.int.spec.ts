import { randomUUID } from 'node:crypto';
import type { IntegrationEnvelope } from '@signstash/contracts';
import { topicNames } from '@signstash/contracts';
import { createKafka, ensureTopics, integrationTopicSpecs, KafkaPublisher } from '@signstash/messaging';
import { eventually, testEnv, uniqueName } from '@signstash/testing';
import { BACKOFFICE_GATEWAY_PARTS } from '../backoffice-gateway.parts';
import type { LiveEvent } from './live-event';
import { LiveEventsHub } from './live-events.hub';

/** Two gateway instances on one real Kafka: each gets every event, and each stream only its issuer's. */
describe('live events hub (real Kafka)', () => {
  jest.setTimeout(60_000);
  const kafka = createKafka({ clientId: uniqueName('live'), brokers: testEnv().kafkaBrokers });
  const topics = topicNames(`${uniqueName('live')}.`);
  const publisher = new KafkaPublisher(kafka);
  const { live } = BACKOFFICE_GATEWAY_PARTS.broadcasts;
  const hubs = [new LiveEventsHub(kafka, topics, live), new LiveEventsHub(kafka, topics, live)];

  beforeAll(async () => {
    await ensureTopics(kafka, integrationTopicSpecs(topics, { numPartitions: 3, replicationFactor: 1 }));
    await Promise.all(hubs.map((hub) => hub.start()));
    await Promise.all(hubs.map((hub) => hub.whenReady()));
  });
  afterAll(async () => {
    await Promise.all(hubs.map((hub) => hub.stop()));
    await publisher.close();
  });

  const envelope = (issuerId: string, type: string, data: Record<string, unknown>): IntegrationEnvelope => ({
    eventId: randomUUID(),
    type,
    schemaVersion: 1,
    occurredAt: new Date().toISOString(),
    issuerId,
    aggregateId: String(data.clientServiceId ?? data.certificateId),
    streamRevision: 0,
    data: { issuerId, by: 'system', at: new Date().toISOString(), ...data },
  });

  it("delivers each issuer's events to that issuer's streams only, on every instance", async () => {
    const received = (hub: LiveEventsHub, issuerId: string) => {
      const events: LiveEvent[] = [];
      hub.subscribe({ issuerId, send: (event) => events.push(event), end: () => undefined });
      return events;
    };
    const acmeOnFirst = received(hubs[0], 'acme');
    const acmeOnSecond = received(hubs[1], 'acme');
    const globex = received(hubs[0], 'globex');

    const acmeCertificate = randomUUID();
    const globexCertificate = randomUUID();
    const clientService = randomUUID();
    await publisher.publish(topics.certificates, [
      envelope('acme', 'AccessExpired', { certificateId: acmeCertificate }),
      envelope('globex', 'AccessExpired', { certificateId: globexCertificate }),
    ]);
    await publisher.publish(topics.clientServices, [
      envelope('acme', 'ClientServiceSuspended', { certificateId: acmeCertificate, clientServiceId: clientService }),
    ]);

    const acmeEvents = [
      expect.objectContaining({ topic: 'certificates', type: 'AccessExpired', certificateId: acmeCertificate }),
      expect.objectContaining({
        topic: 'client-services',
        type: 'ClientServiceSuspended',
        certificateId: acmeCertificate,
        clientServiceId: clientService,
      }),
    ];
    await eventually(() => expect(acmeOnFirst).toEqual(expect.arrayContaining(acmeEvents)), 20_000);
    await eventually(() => expect(acmeOnSecond).toEqual(expect.arrayContaining(acmeEvents)), 20_000);
    await eventually(() => expect(globex).toHaveLength(1), 20_000);
    expect(globex).toEqual([expect.objectContaining({ certificateId: globexCertificate })]);
    expect(acmeOnFirst).toHaveLength(2);
  });

  it('ends the open streams before it stops', async () => {
    const hub = new LiveEventsHub(kafka, topics, live);
    const ended = jest.fn();
    hub.subscribe({ issuerId: 'acme', send: () => undefined, end: ended });
    await hub.start();
    await hub.whenReady();
    await hub.stop();
    expect(ended).toHaveBeenCalledTimes(1);
  });
});
