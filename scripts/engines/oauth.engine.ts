import { join } from 'node:path';
import { Engine, stamp } from './engine';
import { fetchJars, pomDependency, runtimePom } from './maven-jars';
import { isPortOpen } from './ports';
import { step } from './progress';
import { runningPid, spawnDaemon, stopDaemon } from './processes';
import { engineEndpoints, EngineSettings } from './settings';
import { provideTools, requireTool } from './tools';

export const MOCK_OAUTH2_VERSION = '6.0.2';
// Its jars carry slf4j-api but no binding: without one the server logs nothing at all.
const SLF4J = '2.0.17';
const MAIN_CLASS = 'no.nav.security.mock.oauth2.StandaloneMockOAuth2ServerKt';

/**
 * no.nav.security:mock-oauth2-server: the local test CA's OAuth 2.0 authorization server, with
 * its interactive login page (the user types a name and claims, as at a CA's sign-in), single-use
 * authorization codes and JWT access tokens. Run from its published jars like Kafka.
 */
export function oauthEngine(settings: EngineSettings): Engine {
  const home = join(settings.cacheDir, `mock-oauth2-server-${MOCK_OAUTH2_VERSION}`);
  const pom = runtimePom('mock-oauth2-runtime', MOCK_OAUTH2_VERSION, [
    pomDependency('no.nav.security', 'mock-oauth2-server', MOCK_OAUTH2_VERSION),
    pomDependency('org.slf4j', 'slf4j-api', SLF4J),
    pomDependency('org.slf4j', 'slf4j-simple', SLF4J),
  ]);
  const pidFile = join(settings.pidsDir, 'oauth.pid');
  const logFile = join(settings.logsDir, 'oauth.log');
  // On the command line so that a pid file of this checkout never matches another checkout's server.
  const marker = `-Dsignstash.run=${settings.runDir}`;
  const { oauthUrl } = engineEndpoints(settings);

  return {
    name: 'oauth',
    version: MOCK_OAUTH2_VERSION,
    ports: { SIGNSTASH_OAUTH_PORT: settings.ports.oauth },
    logFile,
    isProvisioned: () => stamp.matches(home, pom),
    async provision() {
      if (stamp.matches(home, pom)) return;
      await provideTools(settings, ['java', 'mvn']);
      const progress = step(`mock-oauth2-server ${MOCK_OAUTH2_VERSION}: fetching jars with mvn`);
      try {
        await fetchJars(settings, {
          home,
          pom,
          logFile: join(settings.logsDir, 'provision-oauth.log'),
          step: progress,
        });
        stamp.write(home, pom);
        progress.done(`jars in ${join(home, 'libs')}`);
      } catch (error) {
        progress.failed();
        throw error;
      }
    },
    async start() {
      requireTool('java');
      spawnDaemon({
        command: 'java',
        args: [
          '-Xms32m',
          '-Xmx128m',
          '-XX:+ExitOnOutOfMemoryError',
          marker,
          '-cp',
          `${join(home, 'libs')}/*`,
          MAIN_CLASS,
        ],
        env: {
          ...process.env,
          SERVER_HOSTNAME: '127.0.0.1',
          SERVER_PORT: String(settings.ports.oauth),
          JSON_CONFIG: JSON.stringify({ interactiveLogin: true, httpServer: 'NettyWrapper' }),
        },
        logFile,
        pidFile,
      });
    },
    async isReady() {
      if (!(await isPortOpen(settings.ports.oauth))) return false;
      try {
        const response = await fetch(`${oauthUrl}/.well-known/openid-configuration`, {
          signal: AbortSignal.timeout(1500),
        });
        if (!response.ok) return false;
        const metadata = (await response.json()) as { issuer?: unknown; token_endpoint?: unknown };
        return metadata.issuer === oauthUrl && typeof metadata.token_endpoint === 'string';
      } catch {
        return false;
      }
    },
    ownPid: () => runningPid(pidFile, marker),
    stop: () => stopDaemon(pidFile, marker),
  };
}
