import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { LiveChange } from '../api/api-types';
import { sessionKey } from '../session/session';
import { changeBatcher } from './live-invalidation';

export type LiveState = 'connecting' | 'live' | 'reconnecting';

/** After the gateway refused the stream (not a dropped connection, which EventSource retries itself). */
const REOPEN_MS = 5_000;

/**
 * Keeps the open pages current: the gateway's event stream names what changed for the issuer, and
 * the matching queries are refetched. Nothing is replayed across a reconnect (a gateway restart),
 * so each `ready` after the first refetches every query: what changed meanwhile is then read.
 */
export function useLiveUpdates(enabled = true): LiveState {
  const queryClient = useQueryClient();
  const [state, setState] = useState<LiveState>('connecting');

  useEffect(() => {
    if (!enabled) return undefined;
    const batcher = changeBatcher(queryClient);
    let source: EventSource | undefined;
    let reopen: ReturnType<typeof setTimeout> | undefined;
    let readyBefore = false;
    const open = () => {
      source = new EventSource('/api/events', { withCredentials: true });
      source.addEventListener('ready', () => {
        if (readyBefore) {
          void queryClient.invalidateQueries({ predicate: (query) => query.queryKey[0] !== sessionKey[0] });
        }
        readyBefore = true;
        setState('live');
      });
      source.addEventListener('change', (event) =>
        batcher.add(JSON.parse((event as MessageEvent<string>).data) as LiveChange),
      );
      source.addEventListener('session-ended', () => void queryClient.invalidateQueries({ queryKey: sessionKey }));
      source.onerror = () => {
        setState('reconnecting');
        if (source?.readyState !== EventSource.CLOSED) return;
        // Refused (a 401 once the session ended, a 5xx while the gateway starts): the session query says which.
        void queryClient.invalidateQueries({ queryKey: sessionKey });
        reopen = setTimeout(open, REOPEN_MS);
      };
    };
    open();
    return () => {
      source?.close();
      if (reopen) clearTimeout(reopen);
      batcher.cancel();
    };
  }, [queryClient, enabled]);

  return state;
}
