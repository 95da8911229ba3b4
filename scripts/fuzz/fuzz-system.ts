import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { topicNames } from '@signstash/contracts';
import { createKafka, ensureTopics, integrationTopicSpecs } from '@signstash/messaging';
import { TcpProxy } from '@signstash/testing';
import { engineEndpoints, EngineSettings, REPO_ROOT } from '../engines/settings';
import { ServiceProcess } from '../run/service-process';
import { SERVICES, serviceEnv, ServiceName } from '../run/service-env';
import { OperatorDirectory } from '../../services/backoffice-gateway/src/operators/operator-directory.service';

export interface Credentials {
  email: string;
  password: string;
}

export interface FuzzSystem {
  gatewayUrl: string;
  operator: Credentials;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 90_000;

/**
 * The four services as `npm start` runs them (built, one process each, runService), but on free
 * ports with their own databases, topics, consumer groups and event store files, so fuzzing never
 * touches a running `npm start` or another checkout's data. One operator of a fresh issuer is created.
 */
export async function startFuzzSystem(settings: EngineSettings): Promise<FuzzSystem> {
  const run = `fuzz${Date.now().toString(36)}`;
  const folder = mkdtempSync(join(tmpdir(), `${run}-`));
  const endpoints = engineEndpoints(settings);
  const databases = SERVICES.map(({ name }) => `${run}_${name.replace(/-/g, '_')}`);
  const ports = new Map<ServiceName, number>();
  for (const { name } of SERVICES) ports.set(name, await TcpProxy.freePort());
  const url = (name: ServiceName) => `http://127.0.0.1:${ports.get(name)}`;
  await ensureTopics(
    createKafka({ clientId: run, brokers: [endpoints.kafkaBrokers] }),
    integrationTopicSpecs(topicNames(`${run}.`), { numPartitions: 1, replicationFactor: 1 }),
  );

  const services = SERVICES.map(({ name }, index) => {
    const port = ports.get(name)!;
    const env = {
      ...serviceEnv(settings, name, port),
      LOG_FORMAT: 'json',
      MONGO_DB: databases[index],
      KAFKA_TOPIC_PREFIX: `${run}.`,
      CONSUMER_GROUP: `${run}-${name}`,
      SQLITE_PATH: join(folder, `${name}.sqlite`),
      CERTIFICATE_SERVICE_URL: url('certificate-service'),
      CLIENT_SERVICE_SERVICE_URL: url('client-service-service'),
      NOTIFICATION_SERVICE_URL: url('notification-service'),
    };
    return new ServiceProcess(
      name,
      port,
      join(REPO_ROOT, 'dist', 'services', name, 'src', 'main.js'),
      env,
      join(folder, 'logs'),
      index,
    );
  });
  const stop = async () => {
    await Promise.all(services.map((service) => service.stop()));
    const client = await MongoClient.connect(endpoints.mongoUrl);
    try {
      for (const database of databases) await client.db(database).dropDatabase();
    } finally {
      await client.close();
    }
    rmSync(folder, { recursive: true, force: true });
  };
  try {
    for (const service of services) service.start(() => undefined);
    const anyExited = () => services.some((service) => service.hasExited);
    const ready = await Promise.all(services.map((service) => service.waitReady(READY_TIMEOUT_MS, anyExited)));
    const failed = services.filter((service, index) => service.hasExited || !ready[index]);
    if (failed.length > 0)
      throw new Error(
        failed.map((service) => `${service.name} did not start; last lines:\n${service.lastLines()}`).join('\n'),
      );

    const operator = { email: `fuzzer@${run}.example`, password: 'fuzzing is not a password' };
    const client = await MongoClient.connect(endpoints.mongoUrl);
    try {
      const directory = new OperatorDirectory(
        client.db(databases[SERVICES.findIndex((s) => s.name === 'backoffice-gateway')]),
      );
      await directory.onModuleInit();
      await directory.create({
        issuerId: run,
        issuerName: 'Fuzzing',
        name: 'Fuzzer',
        role: 'issuer-operator',
        ...operator,
      });
    } finally {
      await client.close();
    }
    return { gatewayUrl: url('backoffice-gateway'), operator, stop };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}
