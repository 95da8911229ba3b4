import { Logger } from '@nestjs/common';
import type { Db } from 'mongodb';
import type { EventStore, GlobalPosition, RecordedEvent, Subscription } from '@signstash/event-store';
import { ParkedEvents } from './parked-events';
import { AnyProjection, checkpointId, physicalCollectionName } from './projection';
import { ApplyMode, BatchTuning, ProjectionBatch, untilConnected } from './projection-batch';
import { ProjectionCheckpoints } from './projection-checkpoints';
import { DEFAULT_WRITE_CHUNK } from './projection-writer';
import type { ReadModelAlias } from './read-model-aliases';
import { ProjectionVersions } from './projection-versions';
import { RunnerStoppedError, StopSignal } from './stop-signal';
import { deferred, ProjectionProgress, ProjectionState, ProjectionStatus } from './projection-progress';

export interface ProjectionRunnerOptions extends Partial<BatchTuning> {
  /** Events per read and per batch of writes while catching up; default 500. */
  batchSize?: number;
  /** Time readers may keep using the old collection after a switch, before it is dropped; default 5 s. */
  dropOldAfterMs?: number;
  /** How often a running version checks that no newer version has taken its readers; default 5 s. */
  aliasCheckMs?: number;
}

/**
 * Runs one projection version. On start it compares its version with the one readers use (the
 * alias): the same → catch up from its checkpoint and go live; newer (or no alias yet) → build a
 * new collection from its own checkpoint (`<name>@v<version>`) while readers keep the old one,
 * switch the alias once caught up, drop the old collection after a grace period, go live on the new
 * one; older → it has been superseded and does nothing.
 *
 * Catching up reads `batchSize` events at a time and writes them with ordered `bulkWrite`s; live,
 * the store's subscription delivers one event at a time. The checkpoint is stored after the writes.
 */
export class ProjectionRunner {
  private readonly logger: Logger;
  private readonly tuning: BatchTuning & Required<Omit<ProjectionRunnerOptions, keyof BatchTuning>>;
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
  private aliasCheckedAt = 0;
  private live = deferred();

  constructor(
    private readonly store: EventStore,
    private readonly db: Db,
    readonly projection: AnyProjection,
    options: ProjectionRunnerOptions = {},
  ) {
    this.logger = new Logger(`Projection ${checkpointId(projection)}`);
    this.tuning = {
      batchSize: options.batchSize ?? 500,
      writeChunk: options.writeChunk ?? DEFAULT_WRITE_CHUNK,
      writeAttempts: options.writeAttempts ?? 3,
      retryDelayMs: options.retryDelayMs ?? 200,
      maxRetryDelayMs: options.maxRetryDelayMs ?? 5000,
      dropOldAfterMs: options.dropOldAfterMs ?? 5000,
      aliasCheckMs: options.aliasCheckMs ?? 5000,
    };
    this.checkpoints = new ProjectionCheckpoints(db);
    this.versions = new ProjectionVersions(db, projection, this.checkpoints, this.logger);
  }

  get name(): string {
    return checkpointId(this.projection);
  }

  /** Starts in the background; `whenLive()` tells when it has caught up (and switched readers, if it rebuilt). */
  start(): Promise<void> {
    if (!this.running) {
      this.signal = new StopSignal();
      this.batch = new ProjectionBatch(
        this.projection,
        this.db.collection(physicalCollectionName(this.projection)),
        this.checkpoints,
        new ParkedEvents(this.db),
        this.tuning,
        this.signal,
        {
          retrying: (error) => this.logger.warn(`MongoDB unavailable, retrying: ${describe(error)}`),
          parked: (event, error) =>
            this.logger.error(
              `parked event ${event.eventId} (${event.type}, ${event.streamId}@${event.revision}, position ${event.position}) ` +
                `and moved on: ${describe(error)}`,
            ),
        },
      );
      this.live = deferred();
      this.state = 'starting';
      this.error = undefined;
      this.running = this.run();
    }
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    this.signal.stop();
    await this.subscription?.stop();
    await Promise.all([this.running, this.dropping]);
    this.subscription = undefined;
    this.running = undefined;
    if (this.state !== 'failed' && this.state !== 'superseded') this.state = 'stopped';
    this.live.reject(new RunnerStoppedError(`${this.name} stopped before it went live`));
  }

  whenLive(): Promise<void> {
    return this.live.promise;
  }

  /** Read-your-writes: resolves true once the events up to `position` are applied, false on timeout. */
  waitForPosition(position: GlobalPosition, timeoutMs = 5000): Promise<boolean> {
    return this.progress.waitFor(position, timeoutMs);
  }

  async status(): Promise<ProjectionStatus> {
    const { position, lastEventAt, lastAppliedAt, applied, parked } = this.progress;
    const head = await this.store.headPosition(this.projection.filter).catch(() => position);
    return {
      projection: this.projection.name,
      version: this.projection.version,
      collection: physicalCollectionName(this.projection),
      state: this.state,
      checkpoint: position,
      head,
      lag: head > position ? head - position : 0n,
      lastEventAt,
      lastAppliedAt,
      applied,
      parked,
      error: this.error,
    };
  }

  private async run(): Promise<void> {
    try {
      const readers = await this.connected(() => this.versions.readers());
      if (readers && readers.version > this.projection.version) return this.supersede(readers);
      const mode: ApplyMode = readers?.version === this.projection.version ? 'live' : 'rebuild';
      await this.connected(() => this.prepareCollection(mode, readers));
      this.state = mode === 'rebuild' ? 'rebuilding' : 'catching-up';
      await this.catchUp(mode);
      if (mode === 'rebuild' && !(await this.switchReaders(readers))) return;
      this.goLive();
    } catch (error) {
      if (error instanceof RunnerStoppedError || this.signal.isStopped) return;
      this.state = 'failed';
      this.error = describe(error);
      this.logger.error(`stopped: ${this.error}`);
      this.live.reject(error);
    }
  }

  private async prepareCollection(mode: ApplyMode, readers: ReadModelAlias | undefined): Promise<void> {
    if (this.projection.indexes?.length) {
      await this.db.collection(physicalCollectionName(this.projection)).createIndexes(this.projection.indexes);
    }
    if (mode === 'live') await this.versions.removeOlder();
    this.progress.resumeFrom(await this.checkpoints.load(checkpointId(this.projection)));
    if (mode === 'rebuild') {
      this.logger.log(
        `building ${physicalCollectionName(this.projection)} from position ${this.progress.position}; readers stay on ${readers?.collection ?? 'nothing yet'}`,
      );
    }
  }

  private async catchUp(mode: ApplyMode): Promise<void> {
    for (;;) {
      if (this.signal.isStopped) throw new RunnerStoppedError();
      const events = await this.readPage();
      if (events.length > 0) await this.applyEvents(events, mode);
      if (events.length < this.tuning.batchSize) return;
    }
  }

  private async readPage(): Promise<RecordedEvent[]> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.store.readAll({
          after: this.progress.position,
          maxCount: this.tuning.batchSize,
          filter: this.projection.filter,
        });
      } catch (error) {
        this.logger.warn(`reading the event store failed, retrying: ${describe(error)}`);
        if (
          !(await this.signal.sleep(Math.min(this.tuning.maxRetryDelayMs, this.tuning.retryDelayMs * 2 ** attempt)))
        ) {
          throw new RunnerStoppedError();
        }
      }
    }
  }

  private async applyEvents(events: RecordedEvent[], mode: ApplyMode): Promise<void> {
    if (await this.supersededMeanwhile()) throw new RunnerStoppedError();
    this.progress.record(await this.batch.apply(events, mode));
  }

  private async switchReaders(previous: ReadModelAlias | undefined): Promise<boolean> {
    const readers = await this.connected(() => this.versions.switchReaders());
    if (readers && readers.version !== this.projection.version) {
      this.supersede(readers);
      return false;
    }
    this.logger.log(`readers switched to ${readers?.collection} at position ${this.progress.position}`);
    if (previous) this.dropping = this.versions.dropLater(previous, this.signal, this.tuning.dropOldAfterMs);
    return true;
  }

  private goLive(): void {
    this.subscription = this.store.subscribeToAll(
      {
        onEvent: (event) => this.applyEvents([event], 'live'),
        onError: (error) => {
          if (error instanceof RunnerStoppedError || this.signal.isStopped) return;
          this.error = describe(error);
          this.logger.warn(`live update failed, retrying: ${this.error}`);
        },
      },
      { after: this.progress.position, filter: this.projection.filter, retryDelayMs: this.tuning.retryDelayMs },
    );
    this.state = 'live';
    this.logger.log(`live at position ${this.progress.position}`);
    this.live.resolve();
  }

  /** A newer version took the readers (a newer instance during a rolling deploy): stop writing. */
  private async supersededMeanwhile(): Promise<boolean> {
    const now = Date.now();
    if (now - this.aliasCheckedAt < this.tuning.aliasCheckMs) return false;
    this.aliasCheckedAt = now;
    const readers = await this.connected(() => this.versions.readers());
    if (!readers || readers.version <= this.projection.version) return false;
    this.supersede(readers);
    void this.subscription?.stop();
    return true;
  }

  private supersede(readers: ReadModelAlias): void {
    this.state = 'superseded';
    this.signal.stop();
    this.logger.warn(`readers use version ${readers.version} (${readers.collection}); this version does nothing`);
    this.live.reject(new RunnerStoppedError(`${this.name} is superseded by version ${readers.version}`));
  }

  private connected<T>(action: () => Promise<T>): Promise<T> {
    return untilConnected(
      this.signal,
      this.tuning,
      (error) => this.logger.warn(`MongoDB unavailable, retrying: ${describe(error)}`),
      action,
    );
  }
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));
