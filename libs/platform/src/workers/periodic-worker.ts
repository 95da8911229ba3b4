import { Backoff, backoffDelay } from '../async/backoff';

export interface PeriodicWorkerOptions {
  /** Time between the end of one run and the start of the next. */
  intervalMs: number;
  /** The work of one run; its failure is handed to `onError` and the next run comes after the back-off. */
  run: () => Promise<unknown>;
  onError: (error: unknown) => void;
  /** Whether `start` runs at once (a catch-up pass) rather than after the first interval. */
  runAtStart?: boolean;
  /** After consecutive failures; default from the interval up to 30 s (or the interval, if longer). */
  backoff?: Backoff;
  /** Injected by unit tests; the global timers otherwise. */
  timers?: Timers;
}

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const globalTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface PeriodicWorker {
  /** Arms the loop (and runs at once with `runAtStart`); a second start while started does nothing; a stopped worker may start again. */
  start(): void;
  /** No run starts any more; resolves once the run in progress has ended. */
  stop(): Promise<void>;
  /**
   * Runs now instead of at the next tick. During a run, one more run follows right after it (never
   * beside it); calls made meanwhile share that one. Resolves when the run that serves the call ends
   * (its failure goes to `onError`). Before the first start it is a single run; after stop, nothing.
   */
  wake(): Promise<void>;
  readonly running: boolean;
}

/**
 * The one polling loop of the background workers (the expiry scheduler, the operator-outbox relay,
 * the mail sender): runs never overlap, the next is timed from the end of the last (so a slow run
 * is not followed by a burst), a failing run backs off, `wake` brings the next run forward, and
 * `stop` waits for the run in hand. The owner starts and stops it from its own `BackgroundWorker`
 * start/stop (WorkersModule calls those in the Nest lifecycle), or from a lease it holds.
 */
export function periodicWorker(options: PeriodicWorkerOptions): PeriodicWorker {
  const timers = options.timers ?? globalTimers;
  const backoff = options.backoff ?? {
    initialDelayMs: options.intervalMs,
    maxDelayMs: Math.max(options.intervalMs, 30_000),
  };
  let state: 'new' | 'started' | 'stopped' = 'new';
  let timer: unknown;
  let failures = 0;
  let current: Promise<void> | undefined;
  /** The run promised to callers of `wake` during the current one. */
  let next: Promise<void> | undefined;

  const disarm = () => {
    if (timer !== undefined) timers.clearTimeout(timer);
    timer = undefined;
  };
  const arm = (ms: number) => {
    disarm();
    if (state === 'started') timer = timers.setTimeout(() => void runNow(), ms);
  };
  const runNow = (): Promise<void> => {
    disarm();
    current = options
      .run()
      .then(
        () => void (failures = 0),
        (error: unknown) => {
          failures++;
          options.onError(error);
        },
      )
      .finally(() => {
        current = undefined;
        if (!next) arm(failures === 0 ? options.intervalMs : backoffDelay(backoff, failures));
      });
    return current;
  };

  return {
    start() {
      if (state === 'started') return;
      state = 'started';
      if (options.runAtStart) void runNow();
      else arm(options.intervalMs);
    },
    async stop() {
      state = 'stopped';
      disarm();
      while (current) await current;
    },
    wake() {
      if (state === 'stopped') return Promise.resolve();
      if (!current) return runNow();
      next ??= current.then(() => {
        next = undefined;
        return state === 'stopped' ? undefined : runNow();
      });
      return next;
    },
    get running() {
      return current !== undefined;
    },
  };
}
