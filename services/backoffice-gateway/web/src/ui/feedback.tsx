import type { ReactNode } from 'react';
import { ApiError } from '../api/api';

export function Alert({
  kind,
  title,
  children,
}: {
  kind: 'error' | 'success' | 'info' | 'warning';
  title?: string;
  children: ReactNode;
}) {
  // Errors interrupt a screen reader; successes and notes are announced politely.
  const role = kind === 'error' ? 'alert' : 'status';
  return (
    <div className={`alert alert-${kind}`} role={role}>
      {title && <p className="alert-title">{title}</p>}
      <div>{children}</div>
    </div>
  );
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
    </p>
  );
}

export function ErrorState({ error, onRetry, what }: { error: unknown; onRetry?: () => void; what: string }) {
  return (
    <Alert kind="error" title={`Could not load ${what}.`}>
      <p>{errorMessage(error)}</p>
      {onRetry && (
        <button type="button" className="button button-secondary" onClick={onRetry}>
          Try again
        </button>
      )}
    </Alert>
  );
}

export function EmptyState({ children }: { children: ReactNode }) {
  return <div className="empty-state">{children}</div>;
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError || error instanceof Error) return error.message;
  return 'Something went wrong. Please try again.';
}

/**
 * A change lost to someone else's (a stale revision): the operator must reload. Other 409s are refusals
 * with their own reason (a taken alias, an expired access) and say so themselves.
 */
export function isConflict(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  if (error.status === 412) return true;
  return error.status === 409 && error.code === 'concurrent-change';
}
