/** Lets long waits (retry back-off, the grace period before a drop) end as soon as a runner stops. */
export class StopSignal {
  private stopped = false;
  private readonly wakers = new Set<() => void>();

  get isStopped(): boolean {
    return this.stopped;
  }

  stop(): void {
    this.stopped = true;
    for (const wake of this.wakers) wake();
    this.wakers.clear();
  }

  /** Resolves after `ms`, or at once when stopped; true if the full time passed. */
  sleep(ms: number): Promise<boolean> {
    if (this.stopped) return Promise.resolve(false);
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.wakers.delete(wake);
        resolve(!this.stopped);
      };
      const timer = setTimeout(wake, ms);
      this.wakers.add(wake);
    });
  }
}

export class RunnerStoppedError extends Error {
  override readonly name = 'RunnerStoppedError';
}
