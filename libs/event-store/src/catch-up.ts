import type {
  EventFilter,
  GlobalPosition,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
  SubscriptionHandler,
} from './event-store.port';

export interface CatchUpSource {
  read(after: GlobalPosition, maxCount: number, filter?: EventFilter): RecordedEvent[] | Promise<RecordedEvent[]>;
  /** Registers a callback run after each committed append the adapter learns of; returns the unregister function. */
  onAppended(listener: () => void): () => void;
}

export interface CatchUpTuning {
  pageSize: number;
  /** Idle re-check for appends the adapter is not told of (in-process appends wake the loop at once). */
  pollIntervalMs: number;
}

/**
 * Pages through the log after the checkpoint, awaiting the handler per event. Once a page comes back
 * short it is live and sleeps until an append wakes it (or the slow poll fires). A handler error is
 * reported and the same event is redelivered after `retryDelayMs`.
 */
export function startCatchUp(
  source: CatchUpSource,
  handler: SubscriptionHandler,
  options: SubscribeOptions,
  tuning: CatchUpTuning,
): Subscription {
  const retryDelayMs = options.retryDelayMs ?? 1000;
  let position = options.after ?? 0n;
  let stopped = false;
  let appendedSinceRead = false;
  let wake: (() => void) | undefined;

  const pause = (ms: number, wakeOnAppend: boolean) =>
    new Promise<void>((resolve) => {
      if (stopped || (wakeOnAppend && appendedSinceRead)) return resolve();
      const done = () => {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      wake = () => (wakeOnAppend || stopped ? done() : undefined);
    });

  const unregister = source.onAppended(() => {
    appendedSinceRead = true;
    wake?.();
  });

  const loop = (async () => {
    let caughtUp = false;
    while (!stopped) {
      try {
        appendedSinceRead = false;
        const page = await source.read(position, tuning.pageSize, options.filter);
        for (const event of page) {
          if (stopped) return;
          await handler.onEvent(event);
          position = event.position;
        }
        if (page.length < tuning.pageSize) {
          if (!caughtUp) {
            caughtUp = true;
            handler.onCaughtUp?.();
          }
          await pause(tuning.pollIntervalMs, true);
        }
      } catch (error) {
        if (stopped) return;
        try {
          handler.onError?.(error);
        } catch {
          // An error reporter that throws must not kill the subscription.
        }
        await pause(retryDelayMs, false);
      }
    }
  })();

  return {
    async stop() {
      stopped = true;
      unregister();
      wake?.();
      await loop;
    },
  };
}

/** Adds a subscription to the adapter's open ones (stopped on close) until it is stopped. */
export function tracked(open: Set<Subscription>, inner: Subscription): Subscription {
  const subscription: Subscription = {
    stop: async () => {
      open.delete(subscription);
      await inner.stop();
    },
  };
  open.add(subscription);
  return subscription;
}
