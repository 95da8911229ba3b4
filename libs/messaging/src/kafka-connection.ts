import { Logger } from '@nestjs/common';
import { Kafka, logCreator, logLevel } from 'kafkajs';
import { EngineProbe, Stopped } from '@signstash/platform';

export interface KafkaOptions {
  clientId: string;
  brokers: string[];
  /** Attempts kafkajs makes per request before failing it to our code; default 8 (about a minute of backoff). */
  retries?: number;
}

/**
 * Known noise. Our producers retry sends themselves (the relay resumes from its checkpoint), so
 * the idempotent producer's advice to retry without limit is knowingly not followed; and a
 * consumer stopped mid-retry throws `Stopped` out of eachMessage on purpose (no commit).
 */
const isQuiet = (message: string, error: unknown) =>
  /Limiting retries for the idempotent producer/.test(message) || error instanceof Stopped;

/**
 * A broker's answer that kafkajs retries by itself (leadership moving after a topic is created, a
 * group rebalancing): not logged. If the retries run out, the caller gets the error and logs it
 * where it matters.
 */
const RETRIED_BY_KAFKAJS =
  /not the leader for that topic-partition|does not host this topic-partition|group is rebalancing|coordinator is (not available|loading)/;
const isRetriedResponse = (namespace: string, message: string, error: unknown) =>
  namespace === 'Connection' && message.startsWith('Response ') && RETRIED_BY_KAFKAJS.test(String(error));

const toNestLogger: logCreator = () => {
  const logger = new Logger('kafkajs');
  return ({ namespace, level, log: { message, error } }) => {
    if (isQuiet(message, error) || isRetriedResponse(namespace, message, error)) return;
    const text = `[${namespace}] ${message}${error ? `: ${error}` : ''}`;
    if (level === logLevel.ERROR) logger.error(text);
    else if (level === logLevel.WARN) logger.warn(text);
    else logger.log(text);
  };
};

/** kafkajs stays behind this lib so the client can be replaced (it is unmaintained). */
export const createKafka = ({ clientId, brokers, retries = 8 }: KafkaOptions): Kafka =>
  new Kafka({
    clientId,
    brokers,
    logLevel: logLevel.WARN,
    logCreator: toNestLogger,
    retry: { initialRetryTime: 200, retries },
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
