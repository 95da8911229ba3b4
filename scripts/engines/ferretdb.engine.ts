import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { Engine } from './engine';
import { EXACT_QUERY_FILES, EXACT_QUERY_PATCHES } from './ferretdb-exact-query';
import { FERRETDB_PATCHES } from './ferretdb-patches';
import { UPDATE_POOL_PATCH } from './ferretdb-update-pool';
import { binPath, buildGoBinary, GoBinary, isBuilt } from './go-build';
import { isPortOpen } from './ports';
import { ensureDatabase } from './postgres.engine';
import { runningPid, spawnDaemon, stopDaemon } from './processes';
import { engineEndpoints, EngineSettings } from './settings';

const VERSION = 'v1.24.2';

const BINARY: GoBinary = {
  name: 'ferretdb',
  module: 'github.com/FerretDB/FerretDB',
  version: VERSION,
  pkg: './cmd/ferretdb',
  // Upstream's task runner generates this; without it the binary panics at start-up.
  extraFiles: { 'build/version/version.txt': `${VERSION}\n`, ...EXACT_QUERY_FILES },
  // Its own cache folder: a checkout with other patches never rebuilds the binary another one runs.
  variant: 'exact-query-update-pool',
  patches: [...FERRETDB_PATCHES, ...EXACT_QUERY_PATCHES, UPDATE_POOL_PATCH],
};

/** Where the provisioned (patched) FerretDB binary is. */
export const ferretdbBinaryPath = (settings: EngineSettings): string => binPath(settings, BINARY);

export type FerretDbBackend = 'postgresql' | 'sqlite';

/** `SIGNSTASH_FERRETDB_BACKEND`: PostgreSQL (the default: measured 8–10× faster here) or the embedded SQLite. */
export function ferretdbBackend(env: NodeJS.ProcessEnv = process.env): FerretDbBackend {
  const value = env.SIGNSTASH_FERRETDB_BACKEND || 'postgresql';
  if (value !== 'postgresql' && value !== 'sqlite') {
    throw new Error(`SIGNSTASH_FERRETDB_BACKEND must be postgresql or sqlite (got "${value}")`);
  }
  return value;
}

/**
 * The PostgreSQL database FerretDB keeps its MongoDB databases in (one schema each); `SIGNSTASH_FERRETDB_DATABASE`
 * gives a second FerretDB (another checkout's, on its own `SIGNSTASH_MONGO_PORT`) a database of its own.
 */
export const FERRETDB_DATABASE = process.env.SIGNSTASH_FERRETDB_DATABASE || 'ferretdb';

/** FerretDB 1.x: the MongoDB wire protocol on the local PostgreSQL (or, by setting, on embedded SQLite). */
export function ferretdbEngine(settings: EngineSettings, postgres: Engine, backend = ferretdbBackend()): Engine {
  const binary = binPath(settings, BINARY);
  // Any build of this version, patched or not: a checkout updated to other patches still stops the one it started.
  const marker = join(settings.cacheDir, `${BINARY.name}-${BINARY.version}`);
  const pidFile = join(settings.pidsDir, 'ferretdb.pid');
  const logFile = join(settings.logsDir, 'ferretdb.log');
  const port = settings.ports.mongo;
  const dataDir = join(settings.dataDir, 'ferretdb');

  const backendArgs = (): string[] => {
    if (backend === 'sqlite') {
      mkdirSync(join(dataDir, 'sqlite'), { recursive: true });
      return ['--handler=sqlite', `--sqlite-url=file:${join(dataDir, 'sqlite')}/`];
    }
    const url = new URL(engineEndpoints(settings).postgresUrl);
    url.pathname = `/${FERRETDB_DATABASE}`;
    return ['--handler=postgresql', `--postgresql-url=${url.toString()}`];
  };

  return {
    name: 'ferretdb',
    version: VERSION,
    ports: { SIGNSTASH_MONGO_PORT: port },
    needs: backend === 'postgresql' ? [postgres] : [],
    logFile,
    provision: () => buildGoBinary(settings, BINARY),
    isProvisioned: () => isBuilt(settings, BINARY),
    async start() {
      mkdirSync(join(dataDir, 'state'), { recursive: true });
      // FerretDB's statements name the field as a parameter (`_jsonb->$1 @> $2`): only a plan made for the
      // actual values matches the field's expression index, so it gets one on every execution.
      if (backend === 'postgresql')
        await ensureDatabase(settings, FERRETDB_DATABASE, { plan_cache_mode: 'force_custom_plan' });
      spawnDaemon({
        command: binary,
        args: [
          ...backendArgs(),
          `--listen-addr=127.0.0.1:${port}`,
          `--state-dir=${join(dataDir, 'state')}`,
          '--telemetry=disable',
          '--debug-addr=-',
          // At warn it logs every client's closing endSessions call (unsupported) in full.
          '--log-level=error',
        ],
        logFile,
        pidFile,
      });
    },
    async isReady() {
      if (!(await isPortOpen(port))) return false;
      const client = new MongoClient(engineEndpoints(settings).mongoUrl, {
        serverSelectionTimeoutMS: 1500,
        connectTimeoutMS: 1500,
        directConnection: true,
      });
      try {
        await client.connect();
        const info = await client.db('admin').command({ buildInfo: 1 });
        return typeof info.ferretdbVersion === 'string';
      } catch {
        return false;
      } finally {
        await client.close().catch(() => undefined);
      }
    },
    ownPid: () => runningPid(pidFile, marker),
    stop: () => stopDaemon(pidFile, marker),
  };
}
