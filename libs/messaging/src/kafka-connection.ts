import { Kafka, logLevel } from 'kafkajs';
import type { EngineProbe } from '@signstash/platform';

export interface KafkaOptions {
  clientId: string;
  brokers: string[];
}

/** kafkajs stays behind this lib so the client can be replaced (it is unmaintained). */
export const createKafka = ({ clientId, brokers }: KafkaOptions): Kafka =>
  new Kafka({
    clientId,
    brokers,
    logLevel: logLevel.WARN,
    retry: { initialRetryTime: 200, retries: 8 },
    connectionTimeout: 3000,
  });

export const kafkaProbe = (kafka: Kafka): EngineProbe => ({
  name: 'kafka',
  check: async () => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.describeCluster();
    } finally {
      await admin.disconnect();
    }
  },
});
