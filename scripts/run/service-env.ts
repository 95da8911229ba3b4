import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
// The file itself, not the testing library's index: the ops CLI loads this module in production (no dev dependencies).
import { writeLocalTestCaFile } from '../../libs/testing/src/local-test-ca';
import { engineEndpoints, EngineSettings, REPO_ROOT } from '../engines/settings';

export const BACKOFFICE_PUBLIC_URL = 'http://localhost:3000';

export const SERVICES = [
  { name: 'certificate-service', port: 3001 },
  { name: 'client-service-service', port: 3002 },
  { name: 'notification-service', port: 3003 },
  { name: 'backoffice-gateway', port: 3000 },
] as const;

export type ServiceName = (typeof SERVICES)[number]['name'];

const internalUrl = (name: ServiceName) => `http://127.0.0.1:${SERVICES.find((s) => s.name === name)!.port}`;

/**
 * The event store `npm start` runs on (`EVENT_STORE`, SQLite by default) has its own world: with
 * another store, every service gets databases and topics of their own (`<name>_<store>`, `<store>.`),
 * so read models, consumer offsets and the demo data never mix events of two stores.
 */
export function storeWorld(env: NodeJS.ProcessEnv = process.env): { databaseSuffix: string; topicPrefix: string } {
  const store = env.EVENT_STORE;
  return store && store !== 'sqlite'
    ? { databaseSuffix: `_${store}`, topicPrefix: `${store}.` }
    : { databaseSuffix: '', topicPrefix: '' };
}

/** A service's MongoDB database in `npm start`: its config's default name, in the store's world. */
export const serviceDatabase = (name: ServiceName, env: NodeJS.ProcessEnv = process.env) =>
  `${name.replace(/-/g, '_')}${storeWorld(env).databaseSuffix}`;

/** One client secret per `npm start` (the local test CA's OAuth server accepts any). */
let localTestCa: Record<string, string> | undefined;

/** The certificate service's CAs in `npm start`: the "Local test CA" on the local CSC and OAuth engines. */
const localTestCaEnv = (settings: EngineSettings) =>
  (localTestCa ??= {
    ...writeLocalTestCaFile(join(settings.runDir, 'config'), engineEndpoints(settings)).env,
    CA_TOKEN_KEY: process.env.CA_TOKEN_KEY ?? localTokenKey(join(settings.runDir, 'config', 'ca-token.key')),
  });

/**
 * The key sealing the CAs' tokens in `npm start`: made once per machine in the run folder (git-ignored,
 * readable by its owner only), so the tokens stored by one run still open in the next.
 */
function localTokenKey(file: string): string {
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
  }
  return readFileSync(file, 'utf8').trim();
}

/**
 * The environment each service validates at start-up (services/<name>/src/<name>.config.ts),
 * pointing at the local engines. Other variables from the shell pass through, so one can
 * try e.g. EVENT_STORE=postgres (on the local PostgreSQL unless POSTGRES_URL says otherwise) or
 * EXPIRY_CHECK_INTERVAL_SECONDS=5 without editing anything.
 */
export function serviceEnv(
  settings: EngineSettings,
  name: ServiceName,
  port: number,
  env: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  const endpoints = engineEndpoints(settings);
  const own: Record<ServiceName, Record<string, string>> = {
    'certificate-service': {
      SQLITE_PATH: join(settings.dataDir, 'certificate-service.sqlite'),
      ...(name === 'certificate-service' ? localTestCaEnv(settings) : {}),
    },
    'client-service-service': { SQLITE_PATH: join(settings.dataDir, 'client-service-service.sqlite') },
    'notification-service': {
      SMTP_HOST: endpoints.smtpHost,
      SMTP_PORT: String(endpoints.smtpPort),
      BACKOFFICE_PUBLIC_URL,
    },
    'backoffice-gateway': {
      CERTIFICATE_SERVICE_URL: internalUrl('certificate-service'),
      CLIENT_SERVICE_SERVICE_URL: internalUrl('client-service-service'),
      NOTIFICATION_SERVICE_URL: internalUrl('notification-service'),
      WEB_DIST_DIR: join(REPO_ROOT, 'services', 'backoffice-gateway', 'web', 'dist'),
    },
  };
  return {
    ...env,
    NODE_ENV: 'development',
    LOG_FORMAT: env.LOG_FORMAT ?? 'pretty',
    PORT: String(port),
    MONGO_URL: endpoints.mongoUrl,
    MONGO_DB: serviceDatabase(name, env),
    KAFKA_TOPIC_PREFIX: storeWorld(env).topicPrefix,
    POSTGRES_URL: env.POSTGRES_URL ?? endpoints.postgresUrl,
    KAFKA_BROKERS: endpoints.kafkaBrokers,
    KAFKAJS_NO_PARTITIONER_WARNING: '1',
    ...own[name],
  };
}
