import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Engine } from './engine';
import { isPortOpen } from './ports';
import { installDebianPackages, isRoot } from './debian-packages';
import { MissingToolError, runningPid, runTool, spawnDaemon, stopDaemon } from './processes';
import { engineEndpoints, EngineSettings } from './settings';

const MAJOR = 15;
const PACKAGE = 'postgresql';
const SYSTEM_USER = 'postgres';

/** Debian keeps the server programs in its own folder, off PATH: the newest installed major ≥ 15. */
export function postgresBinDir(root = '/usr/lib/postgresql'): string | undefined {
  if (!existsSync(root)) return undefined;
  const majors = readdirSync(root)
    .map(Number)
    .filter(
      (major) => Number.isInteger(major) && major >= MAJOR && existsSync(join(root, String(major), 'bin', 'postgres')),
    )
    .sort((a, b) => b - a);
  return majors.length > 0 ? join(root, String(majors[0]), 'bin') : undefined;
}

const systemUser = (name: string): { uid: number; gid: number } | undefined => {
  const result = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  const group = spawnSync('id', ['-g', name], { encoding: 'utf8' });
  if (result.status !== 0 || group.status !== 0) return undefined;
  return { uid: Number(result.stdout.trim()), gid: Number(group.stdout.trim()) };
};

/** `postgres` can reach `dir` (every parent folder searchable), checked as that user. */
const reachableBy = (user: string, dir: string) =>
  spawnSync('setpriv', ['--reuid', user, '--regid', user, '--init-groups', '--', 'test', '-x', dir]).status === 0;

/**
 * PostgreSQL refuses to run as root. As root the cluster runs as the `postgres` system user,
 * so its folder must be one that user can reach: the run dir when every parent is searchable
 * (the usual checkout), else a folder of its own under /var/lib named after the run dir.
 */
function clusterDir(settings: EngineSettings): string {
  const inRunDir = join(settings.dataDir, 'postgres');
  if (!isRoot()) return inRunDir;
  mkdirSync(settings.dataDir, { recursive: true });
  if (reachableBy(SYSTEM_USER, settings.dataDir)) return inRunDir;
  const key = createHash('sha256').update(settings.runDir).digest('hex').slice(0, 12);
  return join('/var/lib/signstash', key, 'postgres');
}

/** Runs a command as the cluster's owner: `postgres` when we are root, ourselves otherwise. */
const asOwner = (command: string, args: string[]): [string, string[]] =>
  isRoot()
    ? ['setpriv', ['--reuid', SYSTEM_USER, '--regid', SYSTEM_USER, '--init-groups', '--', command, ...args]]
    : [command, args];

/**
 * PostgreSQL 15+ from Debian's package, a cluster of this checkout's own on its own port:
 * initialised on first start with trust authentication on loopback only (a local engine, never
 * exposed), Unix sockets off, durable as shipped (fsync and synchronous_commit on).
 */
export function postgresEngine(settings: EngineSettings): Engine {
  const pidFile = join(settings.pidsDir, 'postgres.pid');
  const logFile = join(settings.logsDir, 'postgres.log');
  const port = settings.ports.postgres;
  const bin = () => {
    const dir = postgresBinDir();
    if (!dir) throw new MissingToolError(missingMessage());
    return dir;
  };
  const marker = () => clusterDir(settings);

  return {
    name: 'postgres',
    version: String(MAJOR),
    ports: { SIGNSTASH_POSTGRES_PORT: port },
    logFile,
    isProvisioned: () => postgresBinDir() !== undefined,
    async provision() {
      if (postgresBinDir()) return;
      await installDebianPackages(
        settings,
        [PACKAGE],
        `PostgreSQL ${MAJOR}: FerretDB's backend and the PostgreSQL event store`,
      );
      if (!postgresBinDir()) throw new MissingToolError(missingMessage());
    },
    async start() {
      const dir = clusterDir(settings);
      if (!existsSync(join(dir, 'PG_VERSION'))) {
        // Parents searchable by the cluster's owner; the cluster folder itself private to it.
        mkdirSync(dirname(dir), { recursive: true, mode: 0o755 });
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        if (isRoot()) {
          const owner = systemUser(SYSTEM_USER);
          if (!owner)
            throw new MissingToolError(
              `postgres: the '${SYSTEM_USER}' system user is missing (it comes with Debian's ${PACKAGE} package)`,
            );
          chownSync(dir, owner.uid, owner.gid);
        }
        const [command, args] = asOwner(join(bin(), 'initdb'), [
          '-D',
          dir,
          '-U',
          'postgres',
          '--auth=trust',
          '--encoding=UTF8',
          '--locale=C.UTF-8',
        ]);
        await runTool(command, args, { logFile });
      }
      const [command, args] = asOwner(join(bin(), 'postgres'), [
        '-D',
        dir,
        '-p',
        String(port),
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=',
        '-c',
        'max_connections=300',
        '-c',
        'shared_buffers=256MB',
      ]);
      spawnDaemon({ command, args, logFile, pidFile });
    },
    async isReady() {
      if (!(await isPortOpen(port))) return false;
      const dir = postgresBinDir();
      if (!dir) return false;
      const probe = spawnSync(
        join(dir, 'psql'),
        [engineEndpoints(settings).postgresUrl, '-tAc', 'SHOW server_version_num'],
        {
          encoding: 'utf8',
          timeout: 3000,
        },
      );
      return probe.status === 0 && Number(probe.stdout.trim()) >= MAJOR * 10000;
    },
    ownPid: () => runningPid(pidFile, marker()),
    // SIGINT is PostgreSQL's fast shutdown: clients are disconnected instead of waited for.
    stop: () => stopDaemon(pidFile, marker(), 30_000, 'SIGINT'),
  };
}

/** Creates `database` on the engine when it does not exist yet, then applies its `settings` (name → value). */
export async function ensureDatabase(
  settings: EngineSettings,
  database: string,
  databaseSettings: Record<string, string> = {},
): Promise<void> {
  const psql = join(postgresBinDir() ?? '', 'psql');
  const url = engineEndpoints(settings).postgresUrl;
  const exists = spawnSync(psql, [url, '-tAc', `SELECT 1 FROM pg_database WHERE datname = '${database}'`], {
    encoding: 'utf8',
  });
  if (exists.status !== 0) throw new Error(`postgres: could not list databases: ${exists.stderr.trim()}`);
  if (exists.stdout.trim() !== '1') {
    const created = spawnSync(psql, [url, '-c', `CREATE DATABASE "${database}"`], { encoding: 'utf8' });
    if (created.status !== 0 && !/already exists/.test(created.stderr)) {
      throw new Error(`postgres: could not create database ${database}: ${created.stderr.trim()}`);
    }
  }
  for (const [name, value] of Object.entries(databaseSettings)) {
    const set = spawnSync(psql, [url, '-c', `ALTER DATABASE "${database}" SET ${name} = '${value}'`], {
      encoding: 'utf8',
    });
    if (set.status !== 0) throw new Error(`postgres: could not set ${name} on ${database}: ${set.stderr.trim()}`);
  }
}

const missingMessage = () =>
  `Missing engine: PostgreSQL ${MAJOR}+ (Debian's '${PACKAGE}' package) is needed for the local MongoDB stand-in and the PostgreSQL event store. ` +
  (isRoot()
    ? `Provisioning installs it with apt-get; that failed or was skipped.`
    : `Install it once as root: sudo apt-get install -y ${PACKAGE}`);
