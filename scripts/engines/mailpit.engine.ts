import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from './engine';
import { binPath, buildGoBinary, GoBinary, isBuilt } from './go-build';
import { isPortOpen } from './ports';
import { runningPid, spawnDaemon, stopDaemon } from './processes';
import { engineEndpoints, EngineSettings } from './settings';

const VERSION = 'v1.33.1';

const BINARY: GoBinary = {
  name: 'mailpit',
  module: 'github.com/axllent/mailpit',
  version: VERSION,
  pkg: '.',
  ldflags: `-X github.com/axllent/mailpit/config.Version=${VERSION}`,
};

/**
 * Mailpit: an SMTP sink with a REST API to read what was sent. Built from source its web
 * page has no assets (the UI bundle is built with npm upstream), so only SMTP and the API
 * are promised.
 */
export function mailpitEngine(settings: EngineSettings): Engine {
  const binary = binPath(settings, BINARY);
  const pidFile = join(settings.pidsDir, 'mailpit.pid');
  const logFile = join(settings.logsDir, 'mailpit.log');
  const { smtp, mailpitHttp } = settings.ports;

  return {
    name: 'mailpit',
    version: VERSION,
    ports: { SIGNSTASH_SMTP_PORT: smtp, SIGNSTASH_MAILPIT_HTTP_PORT: mailpitHttp },
    logFile,
    provision: () => buildGoBinary(settings, BINARY),
    isProvisioned: () => isBuilt(settings, BINARY),
    async start() {
      const dataDir = join(settings.dataDir, 'mailpit');
      mkdirSync(dataDir, { recursive: true });
      spawnDaemon({
        command: binary,
        args: [
          `--smtp=127.0.0.1:${smtp}`,
          `--listen=127.0.0.1:${mailpitHttp}`,
          `--database=${join(dataDir, 'mailpit.db')}`,
          '--max=5000',
          '--disable-version-check',
          '--smtp-disable-rdns',
        ],
        logFile,
        pidFile,
      });
    },
    async isReady() {
      if (!(await isPortOpen(smtp))) return false;
      try {
        const response = await fetch(`${engineEndpoints(settings).mailpitUrl}/api/v1/info`, {
          signal: AbortSignal.timeout(1500),
        });
        if (!response.ok) return false;
        const info = (await response.json()) as { Version?: unknown };
        return typeof info.Version === 'string';
      } catch {
        return false;
      }
    },
    ownPid: () => runningPid(pidFile, binary),
    stop: () => stopDaemon(pidFile, binary),
  };
}
