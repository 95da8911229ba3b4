import { Logger } from '@nestjs/common';
import type { Db } from 'mongodb';
import type { EventStore, GlobalPosition, RecordedEvent, Subscription } from '@signstash/event-store';
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
  loggedBatchReport,
  ProjectionBatch,
  untilConnected,
} from './projection-batch';
import { ProjectionCheckpoints } from './projection-checkpoints';
import { DEFAULT_WRITE_CHUNK } from './projection-writer';
import type { ReadModelAlias } from './read-model-aliases';
import { ProjectionVersions } from './projection-versions';
import { deferred, ProjectionProgress, ProjectionState, ProjectionStatus } from './projection-progress';

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
 * Runs one projection. On start it picks its build (`buildToRun`) and compares it with the readers'
 * (the alias): the same → catch up from its checkpoint and go live;
 * newer (or no alias yet) → build a new collection from its own checkpoint while readers keep the old
 * one, switch the alias once caught up, drop the old collection after a grace period, go live on the
 * new one; older → it has been superseded and does nothing.
 *
 * While live it checks the alias every `aliasCheckMs`: a newer build of its own version (an ops
 * rebuild, which switched readers) is followed — the runner restarts on it from that build's
 * checkpoint, so the service keeps the rebuilt read model current without a redeploy; a newer
 * version (a newer instance during a rolling deploy) supersedes it.
 *
 * Catching up reads `batchSize` events at a time and writes them with ordered `bulkWrite`s; live,
 * the store's subscription delivers one event at a time. The checkpoint is stored after the writes.
 */
export class ProjectionRunner {
  private readonly logger: Logger;
  private readonly report: BatchReport;
  private readonly tuning: BatchTuning & Required<Omit<ProjectionRunnerOptions, keyof BatchTuning>>;
  private readonly pinned: boolean;
  private readonly checkpoints: ProjectionCheckpoints;
  private readonly versions: ProjectionVersions;
  private batch!: ProjectionBatch;
  private signal = new StopSignal();
  private state: ProjectionState = 'stopped';
  private running?: Promise<void>;
  private dropping?: Promise<void>;
  private subscription?: Subscription;
  private readonly progress = new ProjectionProgress();
  private error?: string;
  private aliasTimer?: NodeJS.Timeout;
  private live = deferred();
  /** The build being written; decided at each start. */
  private target: AnyProjection & ProjectionBuild;
  private following?: Promise<void>;
  private stopRequested = false;

  constructor(
    private readonly store: EventStore,
    private readonly db: Db,
    readonly projection: AnyProjection,
    options: ProjectionRunnerOptions = {},
  ) {
    this.logger = new Logger(`Projection ${checkpointId({ ...projection, ...options.build })}`);
    this.pinned = options.build !== undefined;
    this.report = loggedBatchReport(this.logger);
    this.tuning = {
      batchSize: options.batchSize ?? 500,
      writeChunk: options.writeChunk ?? DEFAULT_WRITE_CHUNK,
      writeAttempts: options.writeAttempts ?? 3,
      retryDelayMs: options.retryDelayMs ?? 200,
      maxRetryDelayMs: options.maxRetryDelayMs ?? 5000,
      dropOldAfterMs: options.dropOldAfterMs ?? 5000,
      aliasCheckMs: options.aliasCheckMs ?? 1000,
      build: options.build ?? { version: projection.version },
    };
    this.target = { ...projection, ...this.tuning.build };
    this.checkpoints = new ProjectionCheckpoints(db);
    this.versions = new ProjectionVersions(db, projection, this.checkpoints, this.logger);
  }

  get name(): string {
    return checkpointId(this.target);
  }

  /** Starts in the background; `whenLive()` tells when it has caught up (and switched readers, if it rebuilt). */
  start(): Promise<void> {
    this.stopRequested = false;
    return this.begin();
  }

  private begin(): Promise<void> {
    if (!this.running) {
      this.signal = new StopSignal();
      this.live = deferred();
      this.state = 'starting';
      this.error = undefined;
      this.running = this.run();
    }
    return Promise.resolve();
  }

  private writeTo(target: AnyProjection & ProjectionBuild): void {
    this.target = target;
    const collection = this.db.collection(physicalCollectionName(target));
    const parked = new ParkedEvents(this.db);
    this.batch = new ProjectionBatch(
      target,
      collection,
      this.checkpoints,
      parked,
      this.tuning,
      this.signal,
      this.report,
    );
  }

  async stop(): Promise<void> {
    this.stopRequested = true;
    await this.following;
    await this.halt();
    if (this.state !== 'failed' && this.state !== 'superseded') this.state = 'stopped';
  }

  private async halt(): Promise<void> {
    this.signal.stop();
    clearInterval(this.aliasTimer);
    await this.subscription?.stop();
    await Promise.all([this.running, this.dropping]).then(() => this.batch?.flushed());
    this.subscription = undefined;
    this.running = undefined;
    this.live.reject(new Stopped(`${this.name} stopped before it went live`));
  }

  whenLive(): Promise<void> {
    return this.live.promise;
  }

  /** Read-your-writes: resolves true once the events up to `position` are applied, false on timeout. */
  waitForPosition(position: GlobalPosition, timeoutMs = 5000): Promise<boolean> {
    return this.progress.waitFor(position, timeoutMs);
  }

  async status(): Promise<ProjectionStatus> {
    const head = await this.store.headPosition(this.projection.filter).catch(() => this.progress.position);
    return this.progress.snapshot(this.target, this.state, head, this.error);
  }

  private async run(): Promise<void> {
    try {
      const readers = await this.connected(() => this.versions.readers());
      this.writeTo({
        ...this.projection,
        ...buildToRun(this.projection.version, readers, this.pinned ? this.tuning.build : undefined),
      });
      const order = readers ? compareBuilds(readers, this.target) : -1;
      if (readers && order > 0) return this.supersede(readers);
      const mode: ApplyMode = order === 0 ? 'live' : 'rebuild';
      await this.connected(() => this.prepareCollection(mode, readers));
      this.state = mode === 'rebuild' ? 'rebuilding' : 'catching-up';
      await this.catchUp(mode);
      if (mode === 'rebuild' && !(await this.switchReaders(readers))) return;
      this.goLive();
    } catch (error) {
      if (error instanceof Stopped || this.signal.isStopped) return;
      this.state = 'failed';
      this.error = describeError(error);
      this.logger.error(`stopped: ${this.error}`);
      this.live.reject(error);
    }
  }

  private async prepareCollection(mode: ApplyMode, readers: ReadModelAlias | undefined): Promise<void> {
    // One index per call: FerretDB 1.24 panics (closing the connection) on a createIndexes of several
    // indexes that already exist (it deletes from its filtered list at the unfiltered index).
    for (const index of this.projection.indexes ?? []) {
      await this.db.collection(physicalCollectionName(this.target)).createIndexes([index]);
    }
    if (mode === 'live') await this.versions.removeOlder(this.target);
    this.progress.resumeFrom(await this.checkpoints.load(checkpointId(this.target)));
    if (mode === 'rebuild') {
      this.logger.log(
        `building ${physicalCollectionName(this.target)} from position ${this.progress.position}; readers stay on ${readers?.collection ?? 'nothing yet'}`,
      );
    }
  }

  private async catchUp(mode: ApplyMode): Promise<void> {
    for (;;) {
      if (this.signal.isStopped) throw new Stopped();
      const events = await this.readPage();
      if (events.length > 0) await this.applyEvents(events, mode);
      if (events.length < this.tuning.batchSize) return;
    }
  }

  /** Any failure to read the store is retried: the event log is the source, there is no event at fault. */
  private readPage(): Promise<RecordedEvent[]> {
    return untilConnected(
      this.signal,
      this.tuning,
      (error) => this.logger.warn(`reading the event store failed, retrying: ${describeError(error)}`),
      () =>
        this.store.readAll({
          after: this.progress.position,
          maxCount: this.tuning.batchSize,
          filter: this.projection.filter,
        }),
      () => true,
    );
  }

  private async applyEvents(events: RecordedEvent[], mode: ApplyMode): Promise<void> {
    if (await this.readersMovedOn()) throw new Stopped();
    this.progress.record(await this.batch.apply(events, mode));
  }

  private async switchReaders(previous: ReadModelAlias | undefined): Promise<boolean> {
    const readers = await this.connected(() => this.versions.switchReaders(this.target));
    if (readers && compareBuilds(readers, this.target) !== 0) {
      this.moveOn(readers);
      return false;
    }
    this.logger.log(`readers switched to ${readers?.collection} at position ${this.progress.position}`);
    if (previous)
      this.dropping = this.versions.dropLater(previous, this.target, this.signal, this.tuning.dropOldAfterMs);
    return true;
  }

  private goLive(): void {
    this.subscription = this.store.subscribeToAll(
      {
        onEvent: (event) => this.applyEvents([event], 'live'),
        onError: (error) => {
          if (error instanceof Stopped || this.signal.isStopped) return;
          this.error = describeError(error);
          this.logger.warn(`live update failed, retrying: ${this.error}`);
        },
      },
      { after: this.progress.position, filter: this.projection.filter, retryDelayMs: this.tuning.retryDelayMs },
    );
    this.aliasTimer = setInterval(() => void this.readersMovedOn().catch(() => undefined), this.tuning.aliasCheckMs);
    this.state = 'live';
    this.logger.log(`live on ${physicalCollectionName(this.target)} at position ${this.progress.position}`);
    this.live.resolve();
  }

  /** Checked at most every `aliasCheckMs`, before writes and on a timer: has a newer build taken the readers? */
  private async readersMovedOn(): Promise<boolean> {
    if (this.signal.isStopped) return true;
    const readers = await this.connected(() => this.versions.newerReaders(this.target, this.tuning.aliasCheckMs));
    if (readers) this.moveOn(readers);
    return readers !== undefined;
  }

  /** Follows an ops rebuild of this code's version; anything else newer supersedes this runner. */
  private moveOn(readers: ReadModelAlias): void {
    if (this.signal.isStopped) return;
    if (this.pinned || readers.version !== this.projection.version) return this.supersede(readers);
    this.logger.log(`readers moved to ${readers.collection} (a rebuild of this version): following it`);
    this.signal.stop();
    this.following = (async () => {
      await this.halt();
      if (!this.stopRequested) await this.begin();
    })().finally(() => (this.following = undefined));
  }

  private supersede(readers: ReadModelAlias): void {
    this.state = 'superseded';
    this.signal.stop();
    clearInterval(this.aliasTimer);
    void this.subscription?.stop();
    this.logger.warn(`readers use build ${describeBuild(readers)} (${readers.collection}); this one does nothing`);
    this.live.reject(new Stopped(`${this.name} is superseded by version ${readers.version}`));
  }

  private connected<T>(action: () => Promise<T>): Promise<T> {
    return untilConnected(this.signal, this.tuning, this.report.retrying, action);
  }
}
