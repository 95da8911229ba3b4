import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '..', '..');

/** Where everything lives; all overridable so two checkouts (or CI) can run side by side. */
export interface EngineSettings {
  /** Per-user, version-keyed binaries and jars plus Go/Maven caches: survives fresh clones. */
  cacheDir: string;
  /** This checkout's engine data, logs and pid files (git-ignored). */
  runDir: string;
  logsDir: string;
  pidsDir: string;
  dataDir: string;
  ports: {
    kafka: number;
    kafkaController: number;
    mongo: number;
    smtp: number;
    mailpitHttp: number;
    postgres: number;
    /** The CSC API server (certomancer-csc-dummy) and the OAuth 2.0 server (mock-oauth2-server) of the "Local test CA". */
    csc: number;
    oauth: number;
  };
}

const port = (env: NodeJS.ProcessEnv, name: string, fallback: number): number => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw new Error(`${name} must be a TCP port number (got "${raw}")`);
  }
  return value;
};

export function engineSettings(env: NodeJS.ProcessEnv = process.env): EngineSettings {
  const xdgCache = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  const cacheDir = resolve(env.SIGNSTASH_CACHE_DIR || join(xdgCache, 'signstash'));
  const runDir = resolve(env.SIGNSTASH_RUN_DIR || join(REPO_ROOT, '.run'));
  return {
    cacheDir,
    runDir,
    logsDir: join(runDir, 'logs'),
    pidsDir: join(runDir, 'pids'),
    dataDir: join(runDir, 'data'),
    ports: {
      kafka: port(env, 'SIGNSTASH_KAFKA_PORT', 19092),
      kafkaController: port(env, 'SIGNSTASH_KAFKA_CONTROLLER_PORT', 19093),
      mongo: port(env, 'SIGNSTASH_MONGO_PORT', 27027),
      smtp: port(env, 'SIGNSTASH_SMTP_PORT', 1025),
      mailpitHttp: port(env, 'SIGNSTASH_MAILPIT_HTTP_PORT', 8025),
      postgres: port(env, 'SIGNSTASH_POSTGRES_PORT', 15432),
      csc: port(env, 'SIGNSTASH_CSC_PORT', 18480),
      oauth: port(env, 'SIGNSTASH_OAUTH_PORT', 18481),
    },
  };
}

/** How clients reach the engines: what services and tests get in their environment. */
export const engineEndpoints = (settings: EngineSettings) => ({
  kafkaBrokers: `127.0.0.1:${settings.ports.kafka}`,
  mongoUrl: `mongodb://127.0.0.1:${settings.ports.mongo}/`,
  smtpHost: '127.0.0.1',
  smtpPort: settings.ports.smtp,
  mailpitUrl: `http://127.0.0.1:${settings.ports.mailpitHttp}`,
  /** Superuser on the `postgres` database; tests and FerretDB use databases of their own. */
  postgresUrl: `postgres://postgres@127.0.0.1:${settings.ports.postgres}/postgres`,
  /** Base URL of the CSC API (`<cscUrl>/csc/v1/...`). */
  cscUrl: `http://127.0.0.1:${settings.ports.csc}`,
  /** The OAuth server's issuer: `<oauthUrl>/authorize`, `<oauthUrl>/token`. */
  oauthUrl: `http://127.0.0.1:${settings.ports.oauth}/${OAUTH_ISSUER}`,
});

/** mock-oauth2-server serves any issuer named in the path; the local test CA uses this one. */
export const OAUTH_ISSUER = 'local-test-ca';
