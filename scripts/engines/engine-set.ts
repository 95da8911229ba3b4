import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from './engine';
import { cscEngine } from './csc.engine';
import { ferretdbEngine } from './ferretdb.engine';
import { withFileLock } from './file-lock';
import { kafkaEngine } from './kafka.engine';
import { mailpitEngine } from './mailpit.engine';
import { oauthEngine } from './oauth.engine';
import { postgresEngine } from './postgres.engine';
import { isPortOpen, pollUntil } from './ports';
import { say, seconds } from './progress';
import { EngineSettings } from './settings';

export const allEngines = (settings: EngineSettings): Engine[] => {
  const postgres = postgresEngine(settings);
  return [
    kafkaEngine(settings),
    postgres,
    ferretdbEngine(settings, postgres),
    mailpitEngine(settings),
    cscEngine(settings),
    oauthEngine(settings),
  ];
};

const READY_TIMEOUT_MS: Record<Engine['name'], number> = {
  kafka: 90_000,
  postgres: 60_000,
  ferretdb: 30_000,
  mailpit: 30_000,
  csc: 30_000,
  oauth: 60_000,
};

const lastLines = (file: string, count = 15) =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .slice(-count)
        .map((l) => `    ${l}`)
        .join('\n')
    : '    (no log)';

const portList = (engine: Engine) =>
  Object.entries(engine.ports)
    .map(([env, port]) => `${port} (${env})`)
    .join(', ');

/** Builds what is missing. Go builds run one at a time (each uses every core); mvn, pip and apt run beside them. */
export async function provisionAll(settings: EngineSettings, engines = allEngines(settings)): Promise<void> {
  if (engines.every((engine) => engine.isProvisioned())) return;
  const startedAt = Date.now();
  await withFileLock(join(settings.cacheDir, '.provision.lock'), 'provisioning', async () => {
    const goBuilt = (engine: Engine) => engine.name === 'ferretdb' || engine.name === 'mailpit';
    const goBuilds = (async () => {
      for (const engine of engines.filter(goBuilt)) await engine.provision();
    })();
    const others = engines.filter((engine) => !goBuilt(engine)).map((engine) => engine.provision());
    const outcomes = await Promise.allSettled([...others, goBuilds]);
    const failures = outcomes.flatMap((outcome) =>
      outcome.status === 'rejected' ? [(outcome.reason as Error).message] : [],
    );
    if (failures.length > 0) throw new Error(failures.join('\n'));
  });
  say(`provisioned in ${seconds(startedAt)} (cache: ${settings.cacheDir})`);
}

/** A stop that arrives while an engine is being spawned waits for the spawn, so nothing escapes it. */
const pendingStarts = new WeakMap<Engine, Promise<void>>();

async function bringUp(engine: Engine, started: Engine[]): Promise<'started' | 'reused'> {
  const timeout = READY_TIMEOUT_MS[engine.name];
  if (await engine.isReady()) {
    const pid = engine.ownPid();
    say(`${engine.name}: already running${pid ? ` (pid ${pid})` : ' (started elsewhere)'} — reusing it`);
    return 'reused';
  }
  if (engine.ownPid() !== undefined) {
    say(`${engine.name}: starting up (pid ${engine.ownPid()}), waiting for it`);
    if (
      await pollUntil(
        () => engine.isReady(),
        timeout,
        () => engine.ownPid() === undefined,
      )
    )
      return 'reused';
    throw new Error(
      `${engine.name} (pid ${engine.ownPid() ?? 'gone'}) did not become ready; last lines of ${engine.logFile}:\n${lastLines(engine.logFile)}`,
    );
  }
  const taken = [];
  for (const port of Object.values(engine.ports)) if (await isPortOpen(port)) taken.push(port);
  if (taken.length > 0) {
    // Possibly the same engine started by another checkout and still booting.
    if (await pollUntil(() => engine.isReady(), 10_000)) return 'reused';
    throw new Error(
      `${engine.name}: port ${taken.join(', ')} is in use by a program that is not ${engine.name}. ` +
        `Stop it or move ${engine.name} to free ports: ${portList(engine)}.`,
    );
  }
  const startedAt = Date.now();
  started.push(engine);
  const starting = engine.start();
  pendingStarts.set(engine, starting);
  await starting;
  const ready = await pollUntil(
    () => engine.isReady(),
    timeout,
    () => engine.ownPid() === undefined,
  );
  if (!ready) {
    const died = engine.ownPid() === undefined;
    await engine.stop();
    throw new Error(
      `${engine.name} ${died ? 'exited during start-up' : `was not ready after ${timeout / 1000}s`}; ` +
        `last lines of ${engine.logFile}:\n${lastLines(engine.logFile)}`,
    );
  }
  await engine.warmUp?.();
  say(
    `${engine.name} ${engine.version}: ready on ${Object.values(engine.ports).join(', ')} (${seconds(startedAt)}, pid ${engine.ownPid()}, log ${engine.logFile})`,
  );
  return 'started';
}

/**
 * Starts every engine that is not already answering and records the ones it starts in
 * `started` as soon as they are spawned, so a caller interrupted half-way still stops
 * exactly those. Running engines are reused, whoever started them.
 */
export async function upAll(settings: EngineSettings, engines: Engine[], started: Engine[] = []): Promise<Engine[]> {
  return withFileLock(join(settings.runDir, '.engines.lock'), 'engine start-up', async () => {
    const ups = new Map<Engine, Promise<unknown>>();
    const up = (engine: Engine): Promise<unknown> => {
      const known = ups.get(engine);
      if (known) return known;
      const coming = (async () => {
        for (const needed of engine.needs ?? []) {
          await up(needed).catch(() => {
            throw new Error(`${engine.name}: not started, since ${needed.name} did not come up`);
          });
        }
        return bringUp(engine, started);
      })();
      ups.set(engine, coming);
      return coming;
    };
    const outcomes = await Promise.allSettled(engines.map(up));
    const failures = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as Error] : []));
    if (failures.length > 0) {
      await stopAll(started);
      throw new Error(failures.map((failure) => failure.message).join('\n'));
    }
    return started;
  });
}

/** Stops the given engines, those that others need last (FerretDB before its PostgreSQL). */
export async function stopAll(engines: Engine[]): Promise<void> {
  const needed = new Set(engines.flatMap((engine) => engine.needs ?? []));
  const stop = (group: Engine[]) =>
    Promise.all(
      group.map(async (engine) => {
        await pendingStarts.get(engine)?.catch(() => undefined);
        if (await engine.stop()) say(`${engine.name}: stopped`);
      }),
    );
  await stop(engines.filter((engine) => !needed.has(engine)));
  await stop(engines.filter((engine) => needed.has(engine)));
}

export async function statusLines(engines: Engine[]): Promise<string[]> {
  return Promise.all(
    engines.map(async (engine) => {
      const pid = engine.ownPid();
      const ready = await engine.isReady();
      const state = ready
        ? pid
          ? `running (pid ${pid})`
          : 'running (started elsewhere)'
        : pid
          ? `not answering (pid ${pid})`
          : 'stopped';
      const provisioned = engine.isProvisioned() ? 'provisioned' : 'not provisioned';
      return `${engine.name.padEnd(9)} ${engine.version.padEnd(8)} ${state.padEnd(30)} ports ${portList(engine)}; ${provisioned}`;
    }),
  );
}
