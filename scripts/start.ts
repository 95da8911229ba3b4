import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { topicNames } from '@signstash/contracts';
import { createKafka, ensureTopics, integrationTopicSpecs } from '@signstash/messaging';
import { Engine } from './engines/engine';
import { allEngines, provisionAll, stopAll, upAll } from './engines/engine-set';
import { ferretdbBackend } from './engines/ferretdb.engine';
import { isPortOpen } from './engines/ports';
import { seconds } from './engines/progress';
import { engineEndpoints, engineSettings, REPO_ROOT } from './engines/settings';
import { loginHint } from './run/login-hint';
import { seedDemo } from './run/dev-seed';
import { ServiceProcess } from './run/service-process';
import { BACKOFFICE_PUBLIC_URL, SERVICES, serviceDatabase, serviceEnv, storeWorld } from './run/service-env';
import { isStopping, onShutdown, runForeground, shutdown } from './run/shutdown';

/**
 * `npm start`: engines (provisioned and started when needed, reused when running), a
 * fresh build, the integration topics, then the four services; Ctrl-C stops the services
 * and the engines this command started, leaving nothing running.
 */
const READY_TIMEOUT_MS = 90_000;

const say = (message: string) => process.stdout.write(`[start] ${message}\n`);

async function main(): Promise<void> {
  const startedAt = Date.now();
  const settings = engineSettings();
  const engines = allEngines(settings);
  const startedEngines: Engine[] = [];
  const services: ServiceProcess[] = [];

  const stopEverything = async () => {
    await Promise.all(services.map((service) => service.stop()));
    await stopAll(startedEngines);
  };
  onShutdown(stopEverything);
  process.on('exit', () => services.forEach((service) => service.kill()));

  await provisionAll(settings, engines);
  await upAll(settings, engines, startedEngines);
  if (isStopping()) return;

  const busy = [];
  for (const { name, port } of SERVICES) if (await isPortOpen(port)) busy.push(`${port} (${name})`);
  if (busy.length > 0) throw new Error(`port ${busy.join(', ')} already in use — is another \`npm start\` running?`);

  const { scripts } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  for (const build of ['build', 'web:build'].filter((name) => name in scripts)) {
    say(`building (npm run ${build}) …`);
    if ((await runForeground('npm', ['run', '--silent', build], { cwd: REPO_ROOT })) !== 0)
      throw new Error(`npm run ${build} failed`);
    if (isStopping()) return;
  }

  const endpoints = engineEndpoints(settings);
  await ensureTopics(
    createKafka({ clientId: 'signstash-start', brokers: [endpoints.kafkaBrokers] }),
    integrationTopicSpecs(topicNames(storeWorld().topicPrefix), { numPartitions: 3, replicationFactor: 1 }),
  );

  SERVICES.forEach(({ name, port }, index) => {
    const entry = join(REPO_ROOT, 'dist', 'services', name, 'src', 'main.js');
    const service = new ServiceProcess(name, port, entry, serviceEnv(settings, name, port), settings.logsDir, index);
    services.push(service);
    service.start((stopped, code, signal) => {
      if (!isStopping()) say(`${stopped.name} exited (${signal ?? `code ${code}`}); see ${stopped.logFile}`);
    });
  });

  // One service dying during start-up fails the start at once (the gateway's readiness would wait on it).
  const anyExited = () => services.some((service) => service.hasExited);
  const readiness = await Promise.all(services.map((service) => service.waitReady(READY_TIMEOUT_MS, anyExited)));
  if (isStopping()) return;
  const notReady = anyExited()
    ? services.filter((service) => service.hasExited)
    : services.filter((_, i) => !readiness[i]);
  if (notReady.length > 0) {
    const details = notReady.map(
      (service) =>
        `${service.name} ${service.hasExited ? 'exited' : `did not answer 200 on http://127.0.0.1:${service.port}/health/ready within ${READY_TIMEOUT_MS / 1000}s`}; last lines:\n${service.lastLines()}`,
    );
    throw new Error(details.join('\n\n'));
  }

  say('seeding the demo issuer (first start only) …');
  const seeded = await seedDemo(endpoints.mongoUrl, BACKOFFICE_PUBLIC_URL, serviceDatabase('backoffice-gateway'), {
    brokers: [endpoints.kafkaBrokers],
    topic: topicNames(storeWorld().topicPrefix).signatures,
  });
  say(
    seeded === 'seeded'
      ? 'demo issuer, operators, certificates and client services created'
      : 'demo data already there',
  );

  const lines = [
    '',
    `Sign'Stash Certificates is up (${seconds(startedAt)}).`,
    '',
    `  Backoffice:  ${BACKOFFICE_PUBLIC_URL}`,
    ...loginHint().map((line) => `               ${line}`),
    '',
    `  Services:    ${SERVICES.map(({ name, port }) => `${name} :${port}`).join(', ')} (OpenAPI at /docs)`,
    `  Engines:     Kafka ${endpoints.kafkaBrokers}, FerretDB ${endpoints.mongoUrl} (on ${ferretdbBackend() === 'postgresql' ? `PostgreSQL ${endpoints.postgresUrl}` : 'SQLite'}), SMTP ${endpoints.smtpHost}:${endpoints.smtpPort} (sent mail: ${endpoints.mailpitUrl}/api/v1/messages)`,
    `  Local CA:    CSC API ${endpoints.cscUrl}/csc/v1, OAuth ${endpoints.oauthUrl} (sign in there with any user name)`,
    `  Logs:        ${settings.logsDir}`,
    '',
    `Press Ctrl-C to stop the services${startedEngines.length > 0 ? ` and the engines this command started (${startedEngines.map((e) => e.name).join(', ')})` : ''}.`,
    '',
  ];
  process.stdout.write(lines.join('\n'));
}

main().catch(async (error: Error) => {
  await shutdown(1, `npm start: ${error.message}`);
});
