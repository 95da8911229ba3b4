import {
  AnyProjection,
  ParkedEvents,
  ProjectionCheckpoints,
  ProjectionRunner,
  ProjectionStatus,
  ReadModelAliases,
  checkpointId,
  physicalCollectionName,
} from '@signstash/read-model';
import { OpsContext, SERVICE_PARTS, requireStore } from './ops-context';

export interface ProjectionReport {
  projection: string;
  readers?: { version: number; collection: string; switchedAt: Date };
  /** The version the running code declares; readers may be on a newer one after an ops rebuild. */
  codeVersion: number;
  checkpoint?: bigint;
  head: bigint;
  lag?: bigint;
  lastEventAt?: Date;
  parked: number;
  lastParkedError?: string;
  /** A version being built beside the readers' one (a rebuild in progress or interrupted). */
  building?: { version: number; checkpoint: bigint };
}

export const projectionsOf = (context: OpsContext): AnyProjection[] => SERVICE_PARTS[context.service].projections;

export function findProjections(context: OpsContext, name: string | undefined, all: boolean): AnyProjection[] {
  const projections = projectionsOf(context);
  if (all) return projections;
  const found = projections.filter((projection) => projection.name === name);
  if (found.length === 0) {
    throw new Error(`unknown projection "${name}"; ${context.service} has: ${projections.map((p) => p.name).join(', ') || 'none'}`);
  }
  return found;
}

/** Read straight from MongoDB and the event store: works whether or not the service runs. */
export async function projectionsStatus(context: OpsContext): Promise<ProjectionReport[]> {
  const store = requireStore(context);
  const aliases = new ReadModelAliases(context.db);
  const checkpoints = new ProjectionCheckpoints(context.db);
  const parked = await new ParkedEvents(context.db).list();
  const collections = (await context.db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
  const reports: ProjectionReport[] = [];
  for (const projection of projectionsOf(context)) {
    const alias = await aliases.get(projection.collection);
    const version = alias?.version ?? projection.version;
    const checkpoint = await checkpoints.load(checkpointId({ name: projection.name, version }));
    const head = await store.headPosition(projection.filter);
    const own = parked.filter((event) => event.projection === projection.name && event.version === version);
    const newer = collections
      .map((name) => new RegExp(`^${projection.collection}_v(\\d+)$`).exec(name))
      .map((match) => Number(match?.[1]))
      .filter((candidate) => candidate > version)
      .sort((a, b) => b - a)[0];
    const building = newer ? await checkpoints.load(checkpointId({ name: projection.name, version: newer })) : undefined;
    reports.push({
      projection: projection.name,
      readers: alias && { version: alias.version, collection: alias.collection, switchedAt: alias.switchedAt },
      codeVersion: projection.version,
      checkpoint: checkpoint?.position,
      head,
      lag: checkpoint ? (head > checkpoint.position ? head - checkpoint.position : 0n) : head,
      lastEventAt: checkpoint?.lastEventAt,
      parked: own.length,
      lastParkedError: own.at(-1)?.error,
      building: newer ? { version: newer, checkpoint: building?.position ?? 0n } : undefined,
    });
  }
  return reports;
}

export interface RebuildOptions {
  batchSize?: number;
  /** Called about every `progressEveryMs` with the runner's status. */
  onProgress?(status: ProjectionStatus): void;
  progressEveryMs?: number;
  /** Grace period readers keep the old collection after the switch; the old one is dropped after it. */
  dropOldAfterMs?: number;
  /** Aborting stops the rebuild; its checkpoint stays, and the next rebuild resumes from it. */
  signal?: AbortSignal;
  /** Keep the rebuilt version live after the switch until `signal` aborts (see the runbook). */
  follow?: boolean;
}

export type RebuildOutcome = { outcome: 'switched' | 'stopped'; version: number; collection: string; status: ProjectionStatus };

/**
 * Rebuilds with the running code's `apply` at the readers' version + 1, beside the live collection.
 * The target version is derived from the alias, so running it again before the switch lands on the
 * same version and resumes from that version's checkpoint.
 */
export async function rebuildProjection(context: OpsContext, projection: AnyProjection, options: RebuildOptions = {}): Promise<RebuildOutcome> {
  const alias = await new ReadModelAliases(context.db).get(projection.collection);
  const version = alias ? alias.version + 1 : projection.version;
  const target = { ...projection, version };
  const dropOldAfterMs = options.dropOldAfterMs ?? 5000;
  const runner = new ProjectionRunner(requireStore(context), context.db, target, { batchSize: options.batchSize, dropOldAfterMs });
  const report = async () => options.onProgress?.(await runner.status());
  const timer = setInterval(() => void report(), options.progressEveryMs ?? 500);
  const aborted = new Promise<'stopped'>((resolve) => {
    if (options.signal?.aborted) resolve('stopped');
    options.signal?.addEventListener('abort', () => resolve('stopped'), { once: true });
  });
  let outcome: RebuildOutcome['outcome'];
  try {
    await runner.start();
    outcome = await Promise.race([runner.whenLive().then(() => 'switched' as const), aborted]);
    if (outcome === 'switched') {
      if (options.follow) await aborted;
      else if (alias) await waitForDrop(context, alias.collection, physicalCollectionName(target), dropOldAfterMs + 10_000);
    }
  } finally {
    clearInterval(timer);
    await runner.stop();
  }
  // After the stop, so the checkpoint includes the batch that was in flight.
  const status = await runner.status();
  options.onProgress?.(status);
  return { outcome, version, collection: physicalCollectionName(target), status };
}

/** The runner drops the old collection after the grace period, but only while it runs: wait for it. */
async function waitForDrop(context: OpsContext, old: string, current: string, timeoutMs: number): Promise<void> {
  if (old === current) return;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const names = (await context.db.listCollections({ name: old }, { nameOnly: true }).toArray()).map((c) => c.name);
    if (!names.includes(old)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
