import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { Engine } from './engine';
import { binPath, buildGoBinary, GoBinary, isBuilt } from './go-build';
import { isPortOpen } from './ports';
import { runningPid, spawnDaemon, stopDaemon } from './processes';
import { engineEndpoints, EngineSettings } from './settings';

const VERSION = 'v1.24.2';

const BINARY: GoBinary = {
  name: 'ferretdb',
  module: 'github.com/FerretDB/FerretDB',
  version: VERSION,
  pkg: './cmd/ferretdb',
  // Upstream's task runner generates this; without it the binary panics at start-up.
  extraFiles: { 'build/version/version.txt': `${VERSION}\n` },
  patches: [
    {
      file: 'internal/backends/sqlite/collection.go',
      find: 'if params.Filter.Len() == 1 {',
      replace: 'if params.Filter.Len() >= 1 {',
      times: 2,
      why:
        'push `_id` equality down to SQL also when the filter has other keys (our revision-guarded ' +
        'updates `{_id, revision: {$lt: n}}`); every handler re-applies the whole filter to what ' +
        'the backend returns, so this only narrows the scan to one row',
    },
    {
      file: 'internal/backends/sqlite/metadata/metadata.go',
      find: `IDColumn = DefaultColumn + "->'$._id'"`,
      replace: `IDColumn = DefaultColumn + "->\\"_id\\""`,
      times: 1,
      why:
        'write `_id` lookups exactly as the unique `_id_` index is declared (`_ferretdb_sjson->"_id"`): ' +
        "SQLite uses an expression index only for the same expression, and `->'$._id'` (same value) is not",
    },
  ],
};

/** FerretDB 1.x with its embedded SQLite backend: the MongoDB wire protocol, no server to install. */
export function ferretdbEngine(settings: EngineSettings): Engine {
  const binary = binPath(settings, BINARY);
  const pidFile = join(settings.pidsDir, 'ferretdb.pid');
  const logFile = join(settings.logsDir, 'ferretdb.log');
  const port = settings.ports.mongo;

  return {
    name: 'ferretdb',
    version: VERSION,
    ports: { SIGNSTASH_MONGO_PORT: port },
    logFile,
    provision: () => buildGoBinary(settings, BINARY),
    isProvisioned: () => isBuilt(settings, BINARY),
    async start() {
      const dataDir = join(settings.dataDir, 'ferretdb');
      mkdirSync(join(dataDir, 'sqlite'), { recursive: true });
      mkdirSync(join(dataDir, 'state'), { recursive: true });
      spawnDaemon({
        command: binary,
        args: [
          '--handler=sqlite',
          `--sqlite-url=file:${join(dataDir, 'sqlite')}/`,
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
    ownPid: () => runningPid(pidFile, binary),
    stop: () => stopDaemon(pidFile, binary),
  };
}
