import type { GlobalPosition } from '@signstash/event-store';
import type { BatchOutcome } from './projection-batch';
import type { ProjectionCheckpoint } from './projection-checkpoints';
import { physicalCollectionName, ProjectionBuild } from './projection-build';

export type ProjectionState = 'stopped' | 'starting' | 'rebuilding' | 'catching-up' | 'live' | 'failed' | 'superseded';

export interface ProjectionStatus {
  projection: string;
  version: number;
  /** Which ops rebuild of `version` this runner writes (0: the first build). */
  rebuild: number;
  /** The physical collection this runner writes. */
  collection: string;
  state: ProjectionState;
  checkpoint: GlobalPosition;
  head: GlobalPosition;
  /** head − checkpoint, in global positions of the events the projection subscribes to. */
  lag: GlobalPosition;
  /** When the store recorded the last applied event. */
  lastEventAt?: Date;
  /** When this runner applied it. */
  lastAppliedAt?: Date;
  /** Events applied (or found already applied) since start. */
  applied: number;
  parked: number;
  error?: string;
}

/** How far a runner has got, and who is waiting for it to get further. */
export class ProjectionProgress {
  position: GlobalPosition = 0n;
  lastEventAt?: Date;
  lastAppliedAt?: Date;
  applied = 0;
  parked = 0;
  private readonly waiters = new Set<() => void>();

  /** The status of a runner writing `build` of `projection`, with the store's `head` for the lag. */
  snapshot(
    target: { name: string; collection: string } & ProjectionBuild,
    state: ProjectionState,
    head: GlobalPosition,
    error: string | undefined,
  ): ProjectionStatus {
    const { position, lastEventAt, lastAppliedAt, applied, parked } = this;
    return {
      projection: target.name,
      version: target.version,
      rebuild: target.rebuild ?? 0,
      collection: physicalCollectionName(target),
      state,
      checkpoint: position,
      head,
      lag: head > position ? head - position : 0n,
      lastEventAt,
      lastAppliedAt,
      applied,
      parked,
      error,
    };
  }

  resumeFrom(checkpoint: ProjectionCheckpoint | undefined): void {
    this.position = checkpoint?.position ?? 0n;
    this.lastEventAt = checkpoint?.lastEventAt;
  }

  record(outcome: BatchOutcome, now = new Date()): void {
    this.position = outcome.position;
    this.lastEventAt = outcome.lastEventAt;
    this.lastAppliedAt = now;
    this.applied += outcome.applied;
    this.parked += outcome.parked;
    for (const wake of [...this.waiters]) wake();
  }

  /** Resolves true once the checkpoint has reached `position`, false on timeout. */
  async waitFor(position: GlobalPosition, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.position < position) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) return false;
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, remaining);
        this.waiters.add(wake);
      });
    }
    return true;
  }
}

/** A promise settled from outside; a rejection nobody awaits is not reported as unhandled. */
export function deferred() {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}
