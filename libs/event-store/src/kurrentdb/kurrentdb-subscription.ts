import type { AllStreamSubscription, KurrentDBClient } from '@kurrent/kurrentdb-client';
import type {
  EventFilter,
  GlobalPosition,
  SubscribeOptions,
  Subscription,
  SubscriptionHandler,
} from '../event-store.port';
import { fromResolvedEvent, matchesFilter, toReadPosition, toServerFilter } from './kurrentdb-mapping';

/**
 * A catch-up subscription to $all that resubscribes from the last handled position whenever the
 * handler throws or the server stream fails. Subscription start positions are exclusive on the server,
 * which is the port's `after`. "Caught up" is when the position of the newest matching event at
 * (re)subscription time has been handled; it does not rely on the server's caught-up message
 * (absent before 23.10, and it would arrive ahead of events still buffered here).
 */
export function subscribeToKurrentAll(
  client: KurrentDBClient,
  head: (filter?: EventFilter) => Promise<GlobalPosition>,
  handler: SubscriptionHandler,
  options: SubscribeOptions,
): Subscription {
  const retryDelayMs = options.retryDelayMs ?? 1000;
  let position = options.after;
  let stopped = false;
  let current: AllStreamSubscription | undefined;
  let cancelDelay: (() => void) | undefined;
  let caughtUp = false;

  const markCaughtUp = () => {
    if (caughtUp) return;
    caughtUp = true;
    handler.onCaughtUp?.();
  };

  const runOnce = async () => {
    const target = caughtUp ? 0n : await head(options.filter);
    if (target === 0n || (position !== undefined && position >= target)) markCaughtUp();
    current = client.subscribeToAll({ fromPosition: toReadPosition(position), filter: toServerFilter(options.filter) });
    if (stopped) return;
    for await (const resolved of current) {
      if (stopped) return;
      const event = fromResolvedEvent(resolved);
      if (!event || (position !== undefined && event.position <= position)) continue;
      if (matchesFilter(event, options.filter)) await handler.onEvent(event);
      position = event.position;
      if (position >= target) markCaughtUp();
    }
    if (!stopped) throw new Error('the server ended the $all subscription');
  };

  const closeCurrent = async () => {
    const subscription = current;
    current = undefined;
    if (!subscription) return;
    await subscription.unsubscribe().catch(() => undefined);
    subscription.destroy();
  };

  const loop = (async () => {
    while (!stopped) {
      try {
        await runOnce();
      } catch (error) {
        if (stopped) break;
        try {
          handler.onError?.(error);
        } catch {
          // An error reporter that throws must not kill the subscription.
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, retryDelayMs);
          cancelDelay = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        cancelDelay = undefined;
      } finally {
        await closeCurrent();
      }
    }
  })();

  return {
    async stop() {
      stopped = true;
      cancelDelay?.();
      await closeCurrent();
      await loop;
    },
  };
}
