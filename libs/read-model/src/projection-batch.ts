import type { Logger } from '@nestjs/common';
import type { AnyBulkWriteOperation, Collection, Document } from 'mongodb';
import type { GlobalPosition, RecordedEvent } from '@signstash/event-store';
import { backoffDelay, LatestWrites, StopSignal, Stopped } from '@signstash/platform';
import { ParkedEvents } from './parked-events';
import type { AnyProjection } from './projection';
import { checkpointId, ProjectionBuild } from './projection-build';
import { ProjectionCheckpoints } from './projection-checkpoints';
import { isTransientMongoError, writeOperations } from './projection-writer';

/** `live`: a poison event is parked and stepped over. `rebuild`: it stops the rebuild. */
export type ApplyMode = 'live' | 'rebuild';

export class ProjectionRebuildError extends Error {
  override readonly name = 'ProjectionRebuildError';

  constructor(
    readonly projection: string,
    readonly event: Pick<RecordedEvent, 'eventId' | 'type' | 'streamId' | 'revision' | 'position'>,
    override readonly cause: unknown,
  ) {
    super(
      `rebuild of ${projection} stopped at event ${event.eventId} (${event.type}, ${event.streamId}@${event.revision}, ` +
        `position ${event.position}): ${cause instanceof Error ? cause.message : String(cause)}`,
    );
  }
}

export interface BatchTuning {
  writeChunk: number;
  /**
   * Live, at most one checkpoint write per this many ms (the latest position wins): a busy projection
   * would otherwise write its checkpoint after every batch, doubling its FerretDB writes.
   */
  liveCheckpointEveryMs: number;
  /** Attempts at writing one event's operations before it is parked (non-transient failures only). */
  writeAttempts: number;
  retryDelayMs: number;
  maxRetryDelayMs: number;
}

export interface BatchReport {
  retrying(error: unknown): void;
  parked(event: RecordedEvent, error: unknown): void;
  /** A live checkpoint could not be stored; the next one will be (restarting replays a little more). */
  checkpointFailed(error: unknown): void;
}

const backoffOf = (tuning: Pick<BatchTuning, 'retryDelayMs' | 'maxRetryDelayMs'>) => ({
  initialDelayMs: tuning.retryDelayMs,
  maxDelayMs: tuning.maxRetryDelayMs,
});

export const describeError = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** What a runner logs about its batches: MongoDB outages being waited out, events parked. */
export const loggedBatchReport = (logger: Pick<Logger, 'warn' | 'error'>): BatchReport => ({
  retrying: (error) => logger.warn(`MongoDB unavailable, retrying: ${describeError(error)}`),
  parked: (event, error) =>
    logger.error(
      `parked event ${event.eventId} (${event.type}, ${event.streamId}@${event.revision}, position ${event.position}) ` +
        `and moved on: ${describeError(error)}`,
    ),
  checkpointFailed: (error) => logger.warn(`checkpoint not stored (the next one will be): ${describeError(error)}`),
});

export interface BatchOutcome {
  position: GlobalPosition;
  lastEventAt: Date;
  applied: number;
  parked: number;
}

/**
 * Applies events to one physical collection and stores the checkpoint after the writes. A batch is
 * written in one go; if any of it fails for a reason other than the connection, it is redone one
 * event at a time so that only the event at fault is parked (or, rebuilding, named in the error).
 */
export class ProjectionBatch {
  private readonly checkpoint: string;
  /**
   * Live, the checkpoint is stored behind the writes: read-your-writes waits for the documents only, and
   * the next event's writes need not wait for the last one's checkpoint. Losing it in a crash replays a
   * few events, which the revision-guarded writes apply once.
   */
  private readonly liveCheckpoints: LatestWrites<{ position: GlobalPosition; at: Date }>;

  constructor(
    /** The projection with the build it writes. */
    private readonly projection: AnyProjection & ProjectionBuild,
    private readonly collection: Collection<Document>,
    private readonly checkpoints: ProjectionCheckpoints,
    private readonly parked: ParkedEvents,
    private readonly tuning: BatchTuning,
    private readonly signal: StopSignal,
    private readonly report: BatchReport,
  ) {
    this.checkpoint = checkpointId(projection);
    this.liveCheckpoints = new LatestWrites(
      async ({ position, at }) => {
        await this.untilConnected(() => this.checkpoints.save(this.checkpoint, position, at));
        // The positions offered meanwhile wait here and go out as one write; a stop cuts the wait short.
        await this.signal.sleep(this.tuning.liveCheckpointEveryMs);
      },
      (error) => (error instanceof Stopped ? undefined : this.report.checkpointFailed(error)),
    );
  }

  /** Once the live checkpoints handed over so far are stored (or failed, reported). */
  flushed(): Promise<void> {
    return this.liveCheckpoints.flushed();
  }

  async apply(events: RecordedEvent[], mode: ApplyMode): Promise<BatchOutcome> {
    const last = events[events.length - 1];
    try {
      await this.untilConnected(() =>
        writeOperations(
          this.collection,
          events.flatMap((e) => this.operations(e)),
          this.tuning.writeChunk,
        ),
      );
    } catch (error) {
      if (error instanceof Stopped) throw error;
      let parked = 0;
      for (const event of events) parked += await this.applyOne(event, mode);
      return { position: last.position, lastEventAt: last.recordedAt, applied: events.length - parked, parked };
    }
    if (mode === 'live') this.liveCheckpoints.offer({ position: last.position, at: last.recordedAt });
    else await this.untilConnected(() => this.checkpoints.save(this.checkpoint, last.position, last.recordedAt));
    return { position: last.position, lastEventAt: last.recordedAt, applied: events.length, parked: 0 };
  }

  /** Returns 1 if the event was parked. */
  private async applyOne(event: RecordedEvent, mode: ApplyMode): Promise<number> {
    const failure = await this.failureOf(event);
    if (failure) {
      if (mode === 'rebuild') throw new ProjectionRebuildError(this.projection.name, event, failure.error);
      await this.untilConnected(() => this.parked.park(this.projection, event, failure.error, failure.attempts));
      this.report.parked(event, failure.error);
    }
    await this.untilConnected(() => this.checkpoints.save(this.checkpoint, event.position, event.recordedAt));
    return failure ? 1 : 0;
  }

  private async failureOf(event: RecordedEvent): Promise<{ error: unknown; attempts: number } | undefined> {
    let operations: AnyBulkWriteOperation<Document>[];
    try {
      operations = this.operations(event);
    } catch (error) {
      // The projection's own code failed: trying again gives the same answer.
      return { error, attempts: 1 };
    }
    for (let attempt = 1; ; attempt++) {
      try {
        await this.untilConnected(() => writeOperations(this.collection, operations, this.tuning.writeChunk));
        return undefined;
      } catch (error) {
        if (error instanceof Stopped) throw error;
        if (attempt >= this.tuning.writeAttempts) return { error, attempts: attempt };
        await this.signal.pause(backoffDelay(backoffOf(this.tuning), attempt));
      }
    }
  }

  private operations(event: RecordedEvent): AnyBulkWriteOperation<Document>[] {
    return this.projection.apply(event);
  }

  private untilConnected<T>(action: () => Promise<T>): Promise<T> {
    return untilConnected(this.signal, this.tuning, (error) => this.report.retrying(error), action);
  }
}

/**
 * Retries failures with capped back-off for as long as the runner runs: by default only
 * connection-level MongoDB failures (others are the event's fault and surface at once).
 */
export async function untilConnected<T>(
  signal: StopSignal,
  tuning: Pick<BatchTuning, 'retryDelayMs' | 'maxRetryDelayMs'>,
  onRetry: (error: unknown) => void,
  action: () => Promise<T>,
  retryable: (error: unknown) => boolean = isTransientMongoError,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await action();
    } catch (error) {
      if (!retryable(error)) throw error;
      onRetry(error);
      await signal.pause(backoffDelay(backoffOf(tuning), attempt + 1));
    }
  }
}
