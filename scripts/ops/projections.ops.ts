import {
  AnyProjection,
  ParkedEvents,
  ProjectionBuild,
  ProjectionCheckpoints,
  ProjectionRunner,
  ProjectionStatus,
  ReadModelAliases,
  checkpointId,
  compareBuilds,
  parseBuild,
  physicalCollectionName,
  sameBuild,
} from '@signstash/read-model';
import { OpsContext, SERVICE_PARTS, requireStore } from './ops-context';

export interface ProjectionReport {
  projection: string;
  readers?: { version: number; rebuild: number; collection: string; switchedAt: Date };
  /** The version the running code declares. */
  codeVersion: number;
  checkpoint?: bigint;
  head: bigint;
  lag?: bigint;
  lastEventAt?: Date;
  parked: number;
  lastParkedError?: string;
  /** A build newer than the readers' one: a rebuild in progress or interrupted. */
  building?: { version: number; rebuild: number; checkpoint: bigint };
}

export const projectionsOf = (context: OpsContext): AnyProjection[] => SERVICE_PARTS[context.service].projections;

export function findProjections(context: OpsContext, name: string | undefined, all: boolean): AnyProjection[] {
  const projections = projectionsOf(context);
  if (all) return projections;
  const found = projections.filter((projection) => projection.name === name);
  if (found.length === 0) {
    throw new Error(
      `unknown projection "${name}"; ${context.service} has: ${projections.map((p) => p.name).join(', ') || 'none'}`,
    );
  }
  return found;
}

const buildOf = (alias: { version: number; rebuild?: number }): Required<ProjectionBuild> => ({
  version: alias.version,
  rebuild: alias.rebuild ?? 0,
});

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
    const build = buildOf(alias ?? projection);
    const checkpoint = await checkpoints.load(checkpointId({ name: projection.name, ...build }));
    const head = await store.headPosition(projection.filter);
    const own = parked.filter((event) => event.projection === projection.name && sameBuild(event, build));
    const newest = collections
      .map((name) => parseBuild(projection.collection, name))
      .filter((found): found is Required<ProjectionBuild> => !!found && compareBuilds(found, build) > 0)
      .sort(compareBuilds)
      .at(-1);
    const building = newest && (await checkpoints.load(checkpointId({ name: projection.name, ...newest })));
    reports.push({
      projection: projection.name,
      readers: alias && { ...buildOf(alias), collection: alias.collection, switchedAt: alias.switchedAt },
      codeVersion: projection.version,
      checkpoint: checkpoint?.position,
      head,
      lag: checkpoint ? (head > checkpoint.position ? head - checkpoint.position : 0n) : head,
      lastEventAt: checkpoint?.lastEventAt,
      parked: own.length,
      lastParkedError: own.at(-1)?.error,
      building: newest && { ...newest, checkpoint: building?.position ?? 0n },
    });
  }
  return reports;
}

export interface RebuildOptions {
  batchSize?: number;
  /** Called about every `progressEveryMs` with the runner's status. */
  onProgress?(status: ProjectionStatus): void;
  progressEveryMs?: number;
  /**
   * How long the rebuilt build stays live here after the switch: long enough for the service's own
   * runners to notice the switch (they check every second) and follow; the old collection is dropped then.
   */
  dropOldAfterMs?: number;
  /** Aborting stops the rebuild; its checkpoint stays, and the next rebuild resumes from it. */
  signal?: AbortSignal;
}

export type RebuildOutcome = {
  outcome: 'switched' | 'stopped';
  build: Required<ProjectionBuild>;
  collection: string;
  status: ProjectionStatus;
};

/**
 * Rebuilds the readers' version with the next rebuild number, beside the live collection, with this
 * code's `apply`: the deployed code must declare the readers' version (else this refuses). The
 * target is derived from the alias, so running it again before the switch lands on the same build
 * and resumes from its checkpoint. After the switch the service's runners follow the new build.
 */
export async function rebuildProjection(
  context: OpsContext,
  projection: AnyProjection,
  options: RebuildOptions = {},
): Promise<RebuildOutcome> {
  const alias = await new ReadModelAliases(context.db).get(projection.collection);
  if (alias && alias.version !== projection.version) {
    throw new Error(
      `${projection.name}: readers use version ${alias.version} but this code declares version ${projection.version}; ` +
        'run the ops CLI of the release the service runs',
    );
  }
  const build = alias
    ? { version: alias.version, rebuild: (alias.rebuild ?? 0) + 1 }
    : { version: projection.version, rebuild: 0 };
  const collection = physicalCollectionName({ ...projection, ...build });
  const dropOldAfterMs = options.dropOldAfterMs ?? 15_000;
  const runner = new ProjectionRunner(requireStore(context), context.db, projection, {
    batchSize: options.batchSize,
    dropOldAfterMs,
    build,
  });
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
    if (outcome === 'switched' && alias) await waitForDrop(context, alias.collection, dropOldAfterMs + 10_000);
  } finally {
    clearInterval(timer);
    await runner.stop();
  }
  // After the stop, so the checkpoint includes the batch that was in flight.
  const status = await runner.status();
  options.onProgress?.(status);
  return { outcome, build, collection, status };
}

/** The runner drops the old collection after the grace period, staying live meanwhile: wait for it. */
async function waitForDrop(context: OpsContext, old: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const names = (await context.db.listCollections({ name: old }, { nameOnly: true }).toArray()).map((c) => c.name);
    if (!names.includes(old)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
