import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { testEnv } from '@signstash/testing';
import type { SignstashSystem } from '../../test/system/signstash-system';
import { MemoryFigure, measureAlone, printServiceMemory, ServiceName, waitQuiet } from './service-memory';

/**
 * After the expiry bench, each service alone in its own process, redoing from scratch what the bench
 * made it do: its own copy of the bench's event store, a database and consumer group of its own over
 * the bench's topics. So each rebuilds its read models and consumes every message the bench produced
 * (the notification service mails the issuer's operator again, through Mailpit), and its peak resident
 * memory is that work's; measured once its CPU has been idle for 5 s.
 */
export async function printServicesMemoryAfterExpiry(system: SignstashSystem): Promise<boolean> {
  const env = testEnv();
  const folder = mkdtempSync(join(tmpdir(), 'bench-expiry-memory-'));
  const own = (suffix: string) => `${system.run}_alone_${suffix}`;
  const common = {
    MONGO_URL: env.mongoUrl,
    KAFKA_BROKERS: env.kafkaBrokers.join(','),
    KAFKA_TOPIC_PREFIX: `${system.run}.`,
  };
  const storeCopy = async (file: string) => {
    const source = new Database(join(system.folder, file), { readonly: true });
    try {
      await source.backup(join(folder, file));
    } finally {
      source.close();
    }
    return join(folder, file);
  };
  const url = async (app: keyof SignstashSystem['apps']) =>
    (await system.apps[app].getUrl()).replace('[::1]', '127.0.0.1');
  const services: [ServiceName, Record<string, string>, string][] = [
    [
      'certificate-service',
      // Its relay sends everything again: to topics of its own (under the bench's prefix, deleted with them).
      {
        ...common,
        KAFKA_TOPIC_PREFIX: `${system.run}.alone.`,
        MONGO_DB: own('cert'),
        CONSUMER_GROUP: own('cert'),
        SQLITE_PATH: await storeCopy('certificates.sqlite'),
      },
      'rebuilding its read models from the bench events, relaying them',
    ],
    [
      'client-service-service',
      {
        ...common,
        MONGO_DB: own('cs'),
        CONSUMER_GROUP: own('cs'),
        SQLITE_PATH: await storeCopy('client-services.sqlite'),
      },
      'rebuilding, consuming every certificate event',
    ],
    [
      'notification-service',
      {
        ...common,
        MONGO_DB: own('mail'),
        CONSUMER_GROUP: own('mail'),
        SMTP_HOST: env.smtpHost,
        SMTP_PORT: String(env.smtpPort),
        BACKOFFICE_PUBLIC_URL: 'http://backoffice.test',
      },
      'consuming every message, mailing again',
    ],
    [
      'backoffice-gateway',
      {
        ...common,
        MONGO_DB: own('gw'),
        CERTIFICATE_SERVICE_URL: await url('certificates'),
        CLIENT_SERVICE_SERVICE_URL: await url('clientServices'),
        NOTIFICATION_SERVICE_URL: await url('notifications'),
      },
      'consuming every message for live pages',
    ],
  ];
  const figures: MemoryFigure[] = [];
  try {
    for (const [service, serviceEnv, load] of services) {
      let settled = true;
      const figure = await measureAlone(service, serviceEnv, load, async (_url, pid) => {
        settled = await waitQuiet(pid);
      });
      figures.push(settled ? figure : { ...figure, load: `${load} (STILL BUSY after 5 minutes)` });
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
    const client = await MongoClient.connect(env.mongoUrl);
    for (const suffix of ['cert', 'cs', 'mail', 'gw'])
      await client
        .db(own(suffix))
        .dropDatabase()
        .catch(() => undefined);
    await client.close();
  }
  return printServiceMemory('Memory after the expiry bench', figures);
}
