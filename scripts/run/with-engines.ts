import { allEngines, provisionAll, stopAll, upAll } from '../engines/engine-set';
import { Engine } from '../engines/engine';
import { engineEndpoints, EngineSettings, engineSettings } from '../engines/settings';
import { isStopping, onShutdown, shutdown } from './shutdown';

export interface RunOutcome {
  code: number;
  /** Printed last, after the engines this run started are stopped. */
  summary: string;
}

export const STOPPED: RunOutcome = { code: 130, summary: '' };

export const banner = (title: string) =>
  process.stdout.write(`\n── ${title} ${'─'.repeat(Math.max(0, 60 - title.length))}\n`);

/** Where tests and benchmarks find the engines (read by libs/testing's `testEnv()`). */
export const engineClientEnv = (settings: EngineSettings): NodeJS.ProcessEnv => {
  const endpoints = engineEndpoints(settings);
  return {
    ...process.env,
    SIGNSTASH_TEST_KAFKA_BROKERS: endpoints.kafkaBrokers,
    SIGNSTASH_TEST_MONGO_URL: endpoints.mongoUrl,
    SIGNSTASH_TEST_SMTP_HOST: endpoints.smtpHost,
    SIGNSTASH_TEST_SMTP_PORT: String(endpoints.smtpPort),
    SIGNSTASH_TEST_MAILPIT_URL: endpoints.mailpitUrl,
    SIGNSTASH_TEST_POSTGRES_URL: endpoints.postgresUrl,
    SIGNSTASH_TEST_CSC_URL: endpoints.cscUrl,
    SIGNSTASH_TEST_OAUTH_URL: endpoints.oauthUrl,
    KAFKAJS_NO_PARTITIONER_WARNING: '1',
  };
};

/**
 * One command run against the real engines: provisioned and started when needed (reused when
 * already up), and only those it started are stopped again, on success, failure or Ctrl-C.
 */
export function runWithEngines(
  command: string,
  body: (settings: EngineSettings) => Promise<RunOutcome>,
  /** What the body needs besides the engines, provided before anything runs (e.g. the browser). */
  provide: (settings: EngineSettings) => Promise<void> = async () => undefined,
): void {
  const settings = engineSettings();
  const engines = allEngines(settings);
  const started: Engine[] = [];
  onShutdown(async () => {
    await stopAll(started);
  });
  const run = async (): Promise<RunOutcome> => {
    try {
      banner('engines');
      await provide(settings);
      await provisionAll(settings, engines);
      await upAll(settings, engines, started);
      if (isStopping()) return STOPPED;
      return await body(settings);
    } finally {
      if (!isStopping()) await stopAll(started);
    }
  };
  run().then(
    ({ code, summary }) => {
      if (isStopping()) return;
      process.stdout.write(summary);
      process.exit(code);
    },
    async (error: Error) => {
      await shutdown(1, `${command}: ${error.message}`);
    },
  );
}
