import type { QueryClient, QueryKey } from '@tanstack/react-query';
import type { LiveChange } from '../api/api-types';

/** The cached queries a change makes stale: the dashboard, the lists and the certificate's own page. */
export function staleKeys(change: LiveChange): QueryKey[] {
  return [['attention'], ['certificates'], ['client-services'], ['certificate', change.certificateId]];
}

const keyText = (key: QueryKey) => JSON.stringify(key);

/**
 * Gathers the changes of a short window and invalidates each stale query once: a thousand accesses
 * expiring together must not refetch the list a thousand times.
 */
export function changeBatcher(queryClient: QueryClient, windowMs = 250) {
  const pending = new Map<string, QueryKey>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    timer = undefined;
    const keys = [...pending.values()];
    pending.clear();
    for (const queryKey of keys) void queryClient.invalidateQueries({ queryKey });
  };
  return {
    add(change: LiveChange) {
      for (const key of staleKeys(change)) pending.set(keyText(key), key);
      timer ??= setTimeout(flush, windowMs);
    },
    cancel() {
      if (timer) clearTimeout(timer);
      pending.clear();
    },
  };
}
