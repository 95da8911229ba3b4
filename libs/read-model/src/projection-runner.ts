import { Logger } from '@nestjs/common';
import type { Db } from 'mongodb';
import type { EventStore, GlobalPosition } from '@signstash/event-store';
import { BackgroundWorker, Stopped } from '@signstash/platform';
import type { AnyProjection } from './projection';
import { checkpointId, ProjectionBuild } from './projection-build';
import { BatchTuning, loggedBatchReport } from './projection-batch';
import { ProjectionCheckpoints } from './projection-checkpoints';
import { DEFAULT_WRITE_CHUNK } from './projection-writer';
import { ProjectionVersions } from './projection-versions';
import { deferred, ProjectionProgress, ProjectionState, ProjectionStatus } from './projection-progress';
import { ProjectionRun, RunEnvironment, RunListener } from './projection-run';

export interface ProjectionRunnerOptions extends Partial<BatchTuning> {
  /** Events per read and per batch of writes while catching up; default 500. */
  batchSize?: number;
  /** Time readers may keep using the old collection after a switch, before it is dropped; default 5 s. */
  dropOldAfterMs?: number;
  /** How often a running build checks that no newer build has taken its readers; default 1 s (one findOne). */
  aliasCheckMs?: number;
  /** Write exactly this build (an ops rebuild); without it, see `buildToRun`. */
  build?: ProjectionBuild;
}

/**
 * Runs one projection, as a background worker: each start begins a `ProjectionRun`, which picks its
 * build (`buildToRun`) and compares it with the readers' (the alias): the same → catch up from its
 * checkpoint and go live; newer (or no alias yet) → build a new collection from its own checkpoint
 * while readers keep the old one, switch the alias once caught up, drop the old collection after a
 * grace period, go live on the new one; older → it has been superseded and does nothing.
 *
 * While live the run checks the alias every `aliasCheckMs`: a newer build of its own version (an ops
 * rebuild, which switched readers) is followed — the runner starts a new run on it from that build's
 * checkpoint, so the service keeps the rebuilt read model current without a redeploy; a newer
 * version (a newer instance during a rolling deploy) supersedes it.
 *
 * Catching up reads `batchSize` events at a time and writes them with ordered `bulkWrite`s; live,
 * the store's subscription delivers one event at a time and those that arrive during a write go out
 * together in the next (`LiveBatches`). The checkpoint is stored after the writes.
 */
export class ProjectionRunner implements BackgroundWorker {
  private readonly env: RunEnvironment;
  private readonly listener: RunListener;
  private state: ProjectionState = 'stopped';
  private error?: string;
  private current?: ProjectionRun;
  private running = false;
  private live = deferred();
  private following?: Promise<void>;
  private stopRequested = false;

  constructor(
    store: EventStore,
    db: Db,
    readonly projection: AnyProjection,
    options: ProjectionRunnerOptions = {},
  ) {
    const logger = new Logger(`Projection ${checkpointId({ ...projection, ...options.build })}`);
    const checkpoints = new ProjectionCheckpoints(db);
    this.env = {
      store,
      db,
      projection,
      tuning: {
        batchSize: options.batchSize ?? 500,
        writeChunk: options.writeChunk ?? DEFAULT_WRITE_CHUNK,
        liveCheckpointEveryMs: options.liveCheckpointEveryMs ?? 250,
        writeAttempts: options.writeAttempts ?? 3,
        retryDelayMs: options.retryDelayMs ?? 200,
        maxRetryDelayMs: options.maxRetryDelayMs ?? 5000,
        dropOldAfterMs: options.dropOldAfterMs ?? 5000,
        aliasCheckMs: options.aliasCheckMs ?? 1000,
        build: options.build ?? { version: projection.version },
      },
      pinned: options.build !== undefined,
      checkpoints,
      versions: new ProjectionVersions(db, projection, checkpoints, logger),
      progress: new ProjectionProgress(),
      logger,
      report: loggedBatchReport(logger),
    };
    this.listener = {
      state: (state) => (this.state = state),
      error: (message) => (this.error = message),
      follow: () => {
        this.following = (async () => {
          await this.halt();
          if (!this.stopRequested) await this.begin();
        })().finally(() => (this.following = undefined));
      },
    };
  }

  get name(): string {
    return checkpointId(this.target);
  }

  /** The build being written (decided at each start). */
  private get target(): AnyProjection & ProjectionBuild {
    return this.current?.target ?? { ...this.projection, ...this.env.tuning.build };
  }

  /** Starts in the background; `whenLive()` tells when it has caught up (and switched readers, if it rebuilt). */
  start(): Promise<void> {
    this.stopRequested = false;
    return this.begin();
  }

  private begin(): Promise<void> {
    if (!this.running) {
      this.running = true;
      this.state = 'starting';
      this.error = undefined;
      this.current = new ProjectionRun(this.env, this.listener);
      this.live = this.current.live;
    }
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    this.stopRequested = true;
    await this.following;
    await this.halt();
    if (this.state !== 'failed' && this.state !== 'superseded') this.state = 'stopped';
  }

  private async halt(): Promise<void> {
    await this.current?.halt();
    this.running = false;
    this.live.reject(new Stopped(`${this.name} stopped before it went live`));
  }

  whenLive(): Promise<void> {
    return this.live.promise;
  }

  /** Read-your-writes: resolves true once the events up to `position` are applied, false on timeout. */
  waitForPosition(position: GlobalPosition, timeoutMs = 5000): Promise<boolean> {
    return this.env.progress.waitFor(position, timeoutMs);
  }

  async status(): Promise<ProjectionStatus> {
    const { store, progress } = this.env;
    const head = await store.headPosition(this.projection.filter).catch(() => progress.position);
    return progress.snapshot(this.target, this.state, head, this.error);
  }
}
