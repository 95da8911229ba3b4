import type { AppendResult } from '../event-store.port';
import type { AppendOutcome, AppendRequest } from '../append-request';

interface PendingAppend {
  request: AppendRequest;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

const MAX_GROUP_EVENTS = 10_000;

/**
 * Group commit: the appends requested in one event-loop turn are handed to `commit` together (one
 * transaction); each settles with its own outcome. Up to `maxInFlight` groups are committing at once.
 */
export class GroupCommit {
  private pending: PendingAppend[] = [];
  private inFlight = 0;
  private flushScheduled = false;
  private drained: (() => void) | undefined;

  constructor(
    private readonly commit: (requests: AppendRequest[]) => Promise<AppendOutcome[]>,
    /** Called after a commit in which at least one append succeeded. */
    private readonly onCommitted: () => void,
    private readonly maxInFlight: number,
  ) {}

  append(request: AppendRequest): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.pending.push({ request, resolve, reject });
      this.scheduleFlush();
    });
  }

  /** Resolves once every append requested so far has settled. */
  async drain(): Promise<void> {
    if (this.pending.length > 0 || this.inFlight > 0) await new Promise<void>((resolve) => (this.drained = resolve));
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || this.pending.length === 0) return;
    if (this.inFlight >= this.maxInFlight) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      void this.flush();
    });
  }

  private takeGroup(): PendingAppend[] {
    let events = 0;
    let count = 0;
    while (
      count < this.pending.length &&
      (count === 0 || events + this.pending[count].request.events.length <= MAX_GROUP_EVENTS)
    ) {
      events += this.pending[count].request.events.length;
      count++;
    }
    // Sorted by stream so that two processes' groups take row locks in the same order (no deadlock cycle).
    return this.pending
      .splice(0, count)
      .sort((a, b) => (a.request.streamId < b.request.streamId ? -1 : a.request.streamId > b.request.streamId ? 1 : 0));
  }

  private async flush(): Promise<void> {
    const group = this.takeGroup();
    if (group.length === 0) return;
    this.inFlight++;
    this.scheduleFlush();
    try {
      const outcomes = await this.commit(group.map((pending) => pending.request));
      outcomes.forEach((outcome, index) =>
        outcome.ok ? group[index].resolve(outcome.result) : group[index].reject(outcome.error),
      );
      if (outcomes.some((outcome) => outcome.ok)) this.onCommitted();
    } catch (error) {
      for (const pending of group) pending.reject(error);
    } finally {
      this.inFlight--;
      this.scheduleFlush();
      if (this.pending.length === 0 && this.inFlight === 0) this.drained?.();
    }
  }
}
