import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { Engine, stamp } from './engine';
import { kafkaLog4j2, kafkaPom, kafkaServerProperties } from './kafka-files';
import { fetchJars } from './maven-jars';
import { isPortOpen } from './ports';
import { step } from './progress';
import { runningPid, runTool, spawnDaemon, stopDaemon } from './processes';
import { engineEndpoints, EngineSettings } from './settings';
import { provideTools, requireTool } from './tools';

export const KAFKA_VERSION = '4.1.1';

/** Apache Kafka as a single-node KRaft broker+controller, run from its published Maven jars. */
export function kafkaEngine(settings: EngineSettings): Engine {
  const home = join(settings.cacheDir, `kafka-${KAFKA_VERSION}`);
  const libs = join(home, 'libs');
  const configDir = join(settings.runDir, 'config', 'kafka');
  const propertiesFile = join(configDir, 'server.properties');
  const log4jFile = join(configDir, 'log4j2.properties');
  const dataDir = join(settings.dataDir, 'kafka');
  const pidFile = join(settings.pidsDir, 'kafka.pid');
  const logFile = join(settings.logsDir, 'kafka.log');
  const pom = kafkaPom(KAFKA_VERSION);
  const java = (main: string, args: string[], heap: string[] = []) => [
    ...heap,
    '-Djava.awt.headless=true',
    `-Dlog4j2.configurationFile=${log4jFile}`,
    '-cp',
    `${libs}/*`,
    main,
    ...args,
  ];

  const client = ({ retries }: { retries: number }) =>
    new Kafka({
      clientId: 'signstash-engines',
      brokers: [engineEndpoints(settings).kafkaBrokers],
      logLevel: logLevel.NOTHING,
      connectionTimeout: 1500,
      requestTimeout: 3000,
      retry: { retries, initialRetryTime: 200 },
    });

  const writeConfig = () => {
    mkdirSync(configDir, { recursive: true });
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(propertiesFile, kafkaServerProperties({ ...settings.ports, dataDir }));
    writeFileSync(log4jFile, kafkaLog4j2());
  };

  return {
    name: 'kafka',
    version: KAFKA_VERSION,
    ports: {
      SIGNSTASH_KAFKA_PORT: settings.ports.kafka,
      SIGNSTASH_KAFKA_CONTROLLER_PORT: settings.ports.kafkaController,
    },
    logFile,
    isProvisioned: () => stamp.matches(home, pom),
    async provision() {
      if (stamp.matches(home, pom)) return;
      await provideTools(settings, ['java', 'mvn']);
      const progress = step(`kafka ${KAFKA_VERSION}: fetching jars with mvn`);
      try {
        await fetchJars(settings, {
          home,
          pom,
          logFile: join(settings.logsDir, 'provision-kafka.log'),
          step: progress,
        });
        stamp.write(home, pom);
        progress.done(`jars in ${libs}`);
      } catch (error) {
        progress.failed();
        throw error;
      }
    },
    async start() {
      requireTool('java');
      writeConfig();
      if (!existsSync(join(dataDir, 'meta.properties'))) {
        const clusterId = newClusterId();
        await runTool('java', java('kafka.tools.StorageTool', ['format', '-t', clusterId, '-c', propertiesFile]), {
          logFile,
        });
      }
      spawnDaemon({
        command: 'java',
        args: java('kafka.Kafka', [propertiesFile], ['-Xms256m', '-Xmx512m', '-XX:+ExitOnOutOfMemoryError']),
        logFile,
        pidFile,
      });
    },
    async warmUp() {
      // The offsets and transaction-state topics are created on first use; until they are
      // loaded every client logs "coordinator is loading" errors while it retries.
      const kafka = client({ retries: 10 });
      const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
      const admin = kafka.admin();
      try {
        await Promise.all([producer.connect(), admin.connect()]);
        await admin.fetchOffsets({ groupId: 'signstash-engines-warm-up', topics: [] }).catch(() => undefined);
      } catch {
        /* warming up is an optimisation; readiness was already proven */
      } finally {
        await Promise.all([producer.disconnect(), admin.disconnect()]).catch(() => undefined);
      }
    },
    async isReady() {
      if (!(await isPortOpen(settings.ports.kafka))) return false;
      const admin = client({ retries: 0 }).admin();
      try {
        await admin.connect();
        const cluster = await admin.describeCluster();
        return cluster.brokers.length > 0 && cluster.controller !== null;
      } catch {
        return false;
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
    },
    ownPid: () => runningPid(pidFile, propertiesFile),
    stop: () => stopDaemon(pidFile, propertiesFile, 30_000),
  };
}

/**
 * A random cluster id as Kafka writes them (16 bytes, base64url). Like Kafka's own Uuid.randomUuid,
 * never one starting with '-': the storage tool would read it as an option ("--cluster-id: expected
 * one argument"), which made one start in 64 fail.
 */
export function newClusterId(random: () => Buffer = () => randomBytes(16)): string {
  for (;;) {
    const id = random().toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}
