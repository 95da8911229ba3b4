import type { Logger } from '@nestjs/common';
import type { Db } from 'mongodb';
import type { EventStore, RecordedEvent, Subscription } from '@signstash/event-store';
import { StopSignal, Stopped } from '@signstash/platform';
import { ParkedEvents } from './parked-events';
import type { AnyProjection } from './projection';
import {
  buildToRun,
  checkpointId,
  compareBuilds,
  describeBuild,
  physicalCollectionName,
  ProjectionBuild,
} from './projection-build';
import {
  ApplyMode,
  BatchReport,
  BatchTuning,
  describeError,
  ProjectionBatch,
  untilConnected,
} from './projection-batch';
import { ProjectionCheckpoints } from './projection-checkpoints';
import { deferred, ProjectionProgress, ProjectionState } from './projection-progress';
import type { ReadModelAlias } from './read-model-aliases';
import { ProjectionVersions } from './projection-versions';
import { LiveBatches } from './projection-live-batches';

export interface RunTuning extends BatchTuning {
  batchSize: number;
  dropOldAfterMs: number;
  aliasCheckMs: number;
  build: ProjectionBuild;
}

/** What every run of one runner shares: the engines, the projection, its tuning and its progress. */
export interface RunEnvironment {
  store: EventStore;
  db: Db;
  projection: AnyProjection;
  tuning: RunTuning;
  /** An ops rebuild: writes exactly `tuning.build`, and is superseded rather than following a newer build. */
  pinned: boolean;
  checkpoints: ProjectionCheckpoints;
  versions: ProjectionVersions;
  progress: ProjectionProgress;
  logger: Logger;
  report: BatchReport;
}

/** What a run tells its runner. */
export interface RunListener {
  state(state: ProjectionState): void;
  error(message: string | undefined): void;
  /** Readers moved to a rebuild of this version: the runner halts this run and starts a new one on it. */
  follow(): void;
}

/**
 * One run of a projection, from its start to its stop: picks the build, catches up (rebuilding into
 * a new collection if the build is newer than the readers'), switches the readers, goes live, and
 * watches the alias for a newer build. A run is not restarted: the runner starts a new one.
 */
export class ProjectionRun {
  readonly signal = new StopSignal();
  /** Settled when the run goes live, fails or is superseded (the runner rejects it on a stop). */
  readonly live = deferred();
  /** The build being written; decided when the run starts. */
  target: AnyProjection & ProjectionBuild;
  private batch?: ProjectionBatch;
  private subscription?: Subscription;
  private liveBatches?: LiveBatches;
  private aliasTimer?: NodeJS.Timeout;
  private dropping?: Promise<void>;
  private readonly done: Promise<void>;

  constructor(
    private readonly env: RunEnvironment,
    private readonly listener: RunListener,
  ) {
    this.target = { ...env.projection, ...env.tuning.build };
    this.done = this.run();
  }

  /** Stops the run after the event in hand and waits for its writes and checkpoints. */
  async halt(): Promise<void> {
    this.signal.stop();
    clearInterval(this.aliasTimer);
    await this.subscription?.stop();
    await Promise.all([this.done, this.dropping, this.liveBatches?.settled()]).then(() => this.batch?.flushed());
    this.subscription = undefined;
  }

  private async run(): Promise<void> {
    const { projection, pinned, tuning, versions } = this.env;
    try {
      const readers = await this.connected(() => versions.readers());
      this.writeTo({
        ...projection,
        ...buildToRun(projection.version, readers, pinned ? tuning.build : undefined),
      });
      const order = readers ? compareBuilds(readers, this.target) : -1;
      if (readers && order > 0) return this.supersede(readers);
      const mode: ApplyMode = order === 0 ? 'live' : 'rebuild';
      await this.connected(() => this.prepareCollection(mode, readers));
      this.listener.state(mode === 'rebuild' ? 'rebuilding' : 'catching-up');
      await this.catchUp(mode);
      if (mode === 'rebuild' && !(await this.switchReaders(readers))) return;
      this.goLive();
    } catch (error) {
      if (error instanceof Stopped || this.signal.isStopped) return;
      this.listener.state('failed');
      this.listener.error(describeError(error));
      this.env.logger.error(`stopped: ${describeError(error)}`);
      this.live.reject(error);
    }
  }

  private writeTo(target: AnyProjection & ProjectionBuild): void {
    const { db, checkpoints, tuning, report } = this.env;
    this.target = target;
    const collection = db.collection(physicalCollectionName(target));
    this.batch = new ProjectionBatch(
      target,
      collection,
      checkpoints,
      new ParkedEvents(db),
      tuning,
      this.signal,
      report,
    );
  }

  private async prepareCollection(mode: ApplyMode, readers: ReadModelAlias | undefined): Promise<void> {
    const { db, projection, versions, progress, checkpoints, logger } = this.env;
    // One index per call: FerretDB 1.24 panics (closing the connection) on a createIndexes of several
    // indexes that already exist (it deletes from its filtered list at the unfiltered index).
    for (const index of projection.indexes ?? []) {
      await db.collection(physicalCollectionName(this.target)).createIndexes([index]);
    }
    if (mode === 'live') await versions.removeOlder(this.target);
    progress.resumeFrom(await checkpoints.load(checkpointId(this.target)));
    if (mode === 'rebuild') {
      logger.log(
        `building ${physicalCollectionName(this.target)} from position ${progress.position}; readers stay on ${readers?.collection ?? 'nothing yet'}`,
      );
    }
  }

  private async catchUp(mode: ApplyMode): Promise<void> {
    for (;;) {
      if (this.signal.isStopped) throw new Stopped();
      const events = await this.readPage();
      if (events.length > 0) await this.applyEvents(events, mode);
      if (events.length < this.env.tuning.batchSize) return;
    }
  }

  /** Any failure to read the store is retried: the event log is the source, there is no event at fault. */
  private readPage(): Promise<RecordedEvent[]> {
    const { store, projection, progress, tuning, logger } = this.env;
    return untilConnected(
      this.signal,
      tuning,
      (error) => logger.warn(`reading the event store failed, retrying: ${describeError(error)}`),
      () => store.readAll({ after: progress.position, maxCount: tuning.batchSize, filter: projection.filter }),
      () => true,
    );
  }

  private async applyEvents(events: RecordedEvent[], mode: ApplyMode): Promise<void> {
    if (await this.readersMovedOn()) throw new Stopped();
    this.env.progress.record(await this.batch!.apply(events, mode));
  }

  private async switchReaders(previous: ReadModelAlias | undefined): Promise<boolean> {
    const { versions, logger, progress, tuning } = this.env;
    const readers = await this.connected(() => versions.switchReaders(this.target));
    if (readers && compareBuilds(readers, this.target) !== 0) {
      this.moveOn(readers);
      return false;
    }
    logger.log(`readers switched to ${readers?.collection} at position ${progress.position}`);
    if (previous) this.dropping = versions.dropLater(previous, this.target, this.signal, tuning.dropOldAfterMs);
    return true;
  }

  private goLive(): void {
    const { store, projection, progress, tuning, logger } = this.env;
    const failed = (error: unknown) => {
      if (error instanceof Stopped || this.signal.isStopped) return;
      this.listener.error(describeError(error));
      logger.warn(`live update failed, retrying: ${describeError(error)}`);
    };
    const batches = new LiveBatches(this.signal, {
      batchSize: tuning.batchSize,
      retryDelayMs: tuning.retryDelayMs,
      apply: (events) => this.applyEvents(events, 'live'),
      failed,
    });
    this.liveBatches = batches;
    this.subscription = store.subscribeToAll(
      { onEvent: (event) => batches.offer(event), onError: failed },
      { after: progress.position, filter: projection.filter, retryDelayMs: tuning.retryDelayMs },
    );
    this.aliasTimer = setInterval(() => void this.readersMovedOn().catch(() => undefined), tuning.aliasCheckMs);
    this.listener.state('live');
    logger.log(`live on ${physicalCollectionName(this.target)} at position ${progress.position}`);
    this.live.resolve();
  }

  /** Checked at most every `aliasCheckMs`, before writes and on a timer: has a newer build taken the readers? */
  private async readersMovedOn(): Promise<boolean> {
    if (this.signal.isStopped) return true;
    const { versions, tuning } = this.env;
    const readers = await this.connected(() => versions.newerReaders(this.target, tuning.aliasCheckMs));
    if (readers) this.moveOn(readers);
    return readers !== undefined;
  }

  /** Follows an ops rebuild of this code's version; anything else newer supersedes this run. */
  private moveOn(readers: ReadModelAlias): void {
    if (this.signal.isStopped) return;
    if (this.env.pinned || readers.version !== this.env.projection.version) return this.supersede(readers);
    this.env.logger.log(`readers moved to ${readers.collection} (a rebuild of this version): following it`);
    this.signal.stop();
    this.listener.follow();
  }

  private supersede(readers: ReadModelAlias): void {
    this.listener.state('superseded');
    this.signal.stop();
    clearInterval(this.aliasTimer);
    void this.subscription?.stop();
    this.env.logger.warn(`readers use build ${describeBuild(readers)} (${readers.collection}); this one does nothing`);
    this.live.reject(new Stopped(`${checkpointId(this.target)} is superseded by version ${readers.version}`));
  }

  private connected<T>(action: () => Promise<T>): Promise<T> {
    return untilConnected(this.signal, this.env.tuning, this.env.report.retrying, action);
  }
}
