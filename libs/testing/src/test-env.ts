/**
 * Where the real engines of this test run are. `npm test` (scripts/test.ts) starts or reuses
 * them and exports these variables; the defaults match the engines' default local ports.
 */
export interface TestEnv {
  kafkaBrokers: string[];
  mongoUrl: string;
  smtpHost: string;
  smtpPort: number;
  mailpitApiUrl: string;
  /** PostgreSQL 15 (the local engine): a superuser URL of its `postgres` database; tests create their own databases. */
  postgresUrl: string;
  /** The local test CA: its CSC API server's base URL (certomancer-csc-dummy, CSC v1.0.4). */
  cscUrl: string;
  /** …and its OAuth 2.0 server's issuer URL (mock-oauth2-server): `<oauthUrl>/authorize`, `<oauthUrl>/token`. */
  oauthUrl: string;
}

export const testEnv = (env: NodeJS.ProcessEnv = process.env): TestEnv => ({
  kafkaBrokers: (env.SIGNSTASH_TEST_KAFKA_BROKERS ?? `127.0.0.1:${env.SIGNSTASH_KAFKA_PORT ?? 19092}`).split(','),
  mongoUrl: env.SIGNSTASH_TEST_MONGO_URL ?? `mongodb://127.0.0.1:${env.SIGNSTASH_MONGO_PORT ?? 27027}/`,
  smtpHost: env.SIGNSTASH_TEST_SMTP_HOST ?? '127.0.0.1',
  smtpPort: Number(env.SIGNSTASH_TEST_SMTP_PORT ?? env.SIGNSTASH_SMTP_PORT ?? 1025),
  mailpitApiUrl: env.SIGNSTASH_TEST_MAILPIT_URL ?? `http://127.0.0.1:${env.SIGNSTASH_MAILPIT_HTTP_PORT ?? 8025}`,
  postgresUrl:
    env.SIGNSTASH_TEST_POSTGRES_URL ?? `postgres://postgres@127.0.0.1:${env.SIGNSTASH_POSTGRES_PORT ?? 15432}/postgres`,
  cscUrl: env.SIGNSTASH_TEST_CSC_URL ?? `http://127.0.0.1:${env.SIGNSTASH_CSC_PORT ?? 18480}`,
  oauthUrl: env.SIGNSTASH_TEST_OAUTH_URL ?? `http://127.0.0.1:${env.SIGNSTASH_OAUTH_PORT ?? 18481}/local-test-ca`,
});

/**
 * `npm test` sets it for its Jest run: every unique name then ends with the run's tag, so the run can
 * delete the Kafka topics it made and no one else's (a bench or another checkout on the same engines).
 */
export const TEST_RUN_ENV = 'SIGNSTASH_TEST_RUN';

/** A new run's id: 5 letters or digits. */
export const newTestRun = (): string => Math.random().toString(36).slice(2, 7).padEnd(5, '0');

/** Whether `name` (a topic, say, whose name starts with a unique name) was made by the run `run`. */
export const madeInRun = (name: string, run: string): boolean => new RegExp(`_r${run}(?![a-z0-9])`).test(name);

/** A name no other test file or run uses: for databases, topics, consumer groups. */
export const uniqueName = (prefix: string): string => {
  const run = process.env[TEST_RUN_ENV];
  return `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}${run ? `_r${run}` : ''}`;
};

/** Polls until `probe` returns a value (not undefined) or the time runs out. */
export async function waitFor<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 10000,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`waitFor: gave up after ${timeoutMs} ms${lastError ? `: ${String(lastError)}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
