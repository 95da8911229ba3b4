import type { ReactNode } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Navigate, useLocation } from 'react-router';
import { api } from '../api/api';
import type { Operator, Session } from '../api/api-types';
import { ErrorState, Loading } from '../ui/feedback';

export const sessionKey = ['session'] as const;

export function useSession() {
  return useQuery({ queryKey: sessionKey, queryFn: api.getSession, staleTime: Infinity, retry: false });
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ email, password }: { email: string; password: string }) => api.login(email, password),
    onSuccess: (session: Session) => queryClient.setQueryData(sessionKey, session),
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: api.logout,
    // Nothing of the previous operator may stay in the cache for the next one.
    onSettled: () => {
      queryClient.setQueryData(sessionKey, null);
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionKey[0] });
    },
  });
}

export function RequireSession({ children }: { children: (operator: Operator) => ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (session.isPending) return <Loading label="Checking your session…" />;
  // A failed re-check (the gateway restarting, the network away) keeps the session it knew: only a
  // 401 ends it (the query cache sets it to null). Replacing the page would leave nothing to resume
  // once the gateway is back.
  if (session.isError && session.data === undefined) {
    return (
      <main className="centered-page">
        <ErrorState what="your session" error={session.error} onRetry={() => void session.refetch()} />
      </main>
    );
  }
  if (!session.data) return <Navigate to="/login" replace state={{ from: location }} />;
  return children(session.data.operator);
}
