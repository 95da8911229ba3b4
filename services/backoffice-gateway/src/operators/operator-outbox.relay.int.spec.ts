import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ConfigResourceTypes } from 'kafkajs';
import { MongoClient } from 'mongodb';
import request from 'supertest';
import { IntegrationEnvelope, topicNames } from '@signstash/contracts';
import { createKafka, ensureTopics, integrationTopicSpecs } from '@signstash/messaging';
import { loadConfig } from '@signstash/platform';
import { collectTopic, testEnv, uniqueName, waitFor } from '@signstash/testing';
import { AppModule } from '../app.module';
import { BackofficeGatewayConfig } from '../backoffice-gateway.config';
import { OperatorDirectory } from './operator-directory.service';
import { OperatorOutboxRelay } from './operator-outbox.relay';

const env = testEnv();
const database = uniqueName('gateway_outbox');
const prefix = `${database}.`;
const topics = topicNames(prefix);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A gateway replica: 1 s lease, so a standby looks every ~330 ms. */
async function replica(): Promise<INestApplication> {
  const config = loadConfig('backoffice-gateway', BackofficeGatewayConfig, {
    MONGO_URL: env.mongoUrl,
    MONGO_DB: database,
    KAFKA_BROKERS: env.kafkaBrokers.join(','),
    KAFKA_TOPIC_PREFIX: prefix,
    CERTIFICATE_SERVICE_URL: 'http://127.0.0.1:9',
    CLIENT_SERVICE_SERVICE_URL: 'http://127.0.0.1:9',
    NOTIFICATION_SERVICE_URL: 'http://127.0.0.1:9',
    LEASE_TTL_SECONDS: '1',
  });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return app;
}

describe('operator outbox relay with two gateway replicas (real FerretDB and Kafka)', () => {
  const kafka = createKafka({ clientId: database, brokers: env.kafkaBrokers });
  const apps: INestApplication[] = [];
  let reader: Awaited<ReturnType<typeof collectTopic<IntegrationEnvelope>>>;

  beforeAll(async () => {
    // Compacted, as everywhere: the broker refuses unkeyed messages on it, so this also checks every one has a key.
    await ensureTopics(kafka, integrationTopicSpecs(topics, { numPartitions: 3, replicationFactor: 1 }));
    reader = await collectTopic(kafka, topics.operators);
    apps.push(await replica(), await replica());
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    await reader?.stop();
    const client = await MongoClient.connect(env.mongoUrl);
    await client.db(database).dropDatabase();
    await client.close();
  });

  const create = (app: INestApplication, n: number, issuerId: string) =>
    Promise.all(
      Array.from({ length: n }, (_, i) =>
        app.get(OperatorDirectory).create({
          issuerId,
          issuerName: issuerId,
          name: `Operator ${i}`,
          email: `op${i}@${issuerId}.example`,
          role: 'issuer-operator',
          password: 'a long enough password',
        }),
      ),
    );

  /** Every created operator's event arrives, and no event twice. */
  const exactlyOnce = async (count: number) => {
    await waitFor(() => (reader.received.length >= count ? true : undefined), 15_000, 100);
    await pause(1500); // two poll periods: room for a duplicate from the other replica to show up
    const ids = reader.received.map((envelope) => envelope.eventId);
    expect(ids).toHaveLength(count);
    expect(new Set(ids).size).toBe(count);
  };

  it('only the lease holder drains the outboxes: each operator event is published once', async () => {
    await waitFor(() => (apps.some((app) => app.get(OperatorOutboxRelay).leading) ? true : undefined), 5_000, 50);
    expect(apps.map((app) => app.get(OperatorOutboxRelay).leading).filter(Boolean)).toHaveLength(1);
    await Promise.all([create(apps[0], 15, 'issuer-a'), create(apps[1], 15, 'issuer-b')]);
    await exactlyOnce(30);
    expect(new Set(reader.received.map((envelope) => envelope.type))).toEqual(new Set(['OperatorCreated']));
    const admin = kafka.admin();
    await admin.connect();
    const { resources } = await admin.describeConfigs({
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topics.operators, configNames: ['cleanup.policy'] }],
      includeSynonyms: false,
    });
    await admin.disconnect();
    expect(resources[0].configEntries.map((entry) => entry.configValue)).toEqual(['compact']);

    const metrics = await Promise.all(apps.map((app) => request(app.getHttpServer()).get('/metrics')));
    const leaders = metrics.map(
      (response) => /signstash_relay_leader\{relay="relay operator-outbox"[^}]*\} (\d)/.exec(response.text)?.[1],
    );
    expect(leaders.sort()).toEqual(['0', '1']);
  });

  it('when the holder stops, the standby takes over and publishes what is created afterwards', async () => {
    const holder = apps.findIndex((app) => app.get(OperatorOutboxRelay).leading);
    const [stopped] = apps.splice(holder, 1);
    await stopped.close();
    const standby = apps[0];
    // The holder released the lease: the standby's next attempt (every TTL/3) takes it.
    await waitFor(() => (standby.get(OperatorOutboxRelay).leading ? true : undefined), 3_000, 50);
    await create(standby, 10, 'issuer-c');
    await exactlyOnce(40);
  });
});
