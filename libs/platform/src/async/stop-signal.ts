/** Thrown out of a wait that a stop cut short: the work in hand ends, recorded neither as done nor as failed. */
export class Stopped extends Error {
  override readonly name = 'Stopped';

  constructor(message = 'stopped while waiting') {
    super(message);
  }
}

/**
 * The one stop primitive of the background workers: long waits (retry backoff, a grace period,
 * a poll interval) end as soon as the worker stops. A signal stays stopped; a restart takes a new one.
 */
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

  /**
   * Waits `ms`, throwing `Stopped` when stopped. With `heartbeat`, sleeps in slices and beats
   * between them, so a long backoff does not get a Kafka group member evicted.
   */
  async pause(ms: number, heartbeat?: () => Promise<void>, sliceMs = 500): Promise<void> {
    const deadline = Date.now() + ms;
    for (;;) {
      if (this.stopped) throw new Stopped();
      await heartbeat?.();
      const left = deadline - Date.now();
      if (left <= 0) return;
      if (!(await this.sleep(heartbeat ? Math.min(left, sliceMs) : left))) throw new Stopped();
    }
  }
}
