import { useState } from 'react';
import { ApiError } from '../api/api';
import { Alert, errorMessage, isConflict } from './feedback';

export type FieldErrors<K extends string> = Partial<Record<K, string>>;

/** Client-side messages first; otherwise the reason the API gave for that field. */
export function mergeFieldErrors<K extends string>(
  fields: readonly K[],
  local: FieldErrors<K>,
  error: unknown,
): FieldErrors<K> {
  const merged: FieldErrors<K> = {};
  for (const field of fields) {
    const message = local[field] ?? (error instanceof ApiError ? error.fieldError(field) : undefined);
    if (message) merged[field] = message;
  }
  return merged;
}

export function hasErrors(errors: Record<string, string | undefined>): boolean {
  return Object.values(errors).some(Boolean);
}

/** The alert above a form: a conflict asks to reload, field errors point at the fields, the rest is shown as is. */
export function FormErrorAlert({
  error,
  fields,
  onReload,
}: {
  error: unknown;
  fields: readonly string[];
  onReload?: () => Promise<void>;
}) {
  if (!error) return null;
  // A conflict naming a field (a PEM registered already) is about that input, not a concurrent change.
  const namesFields = error instanceof ApiError && error.fields.length > 0;
  if (isConflict(error) && !namesFields) return <ConflictAlert onReload={onReload} />;
  if (error instanceof ApiError && error.fields.length > 0) {
    const unmatched = error.fields.filter((f) => !fields.some((k) => f.field === k || f.field.endsWith(`.${k}`)));
    return (
      <Alert kind="error" title="Please correct the highlighted fields.">
        {unmatched.length > 0 && (
          <ul>
            {unmatched.map((f) => (
              <li key={f.field}>
                {f.field}: {f.reason}
              </li>
            ))}
          </ul>
        )}
      </Alert>
    );
  }
  return <Alert kind="error">{errorMessage(error)}</Alert>;
}

export function InvalidFormAlert() {
  return <Alert kind="error">Please correct the highlighted fields.</Alert>;
}

export function focusFirstInvalid(form: HTMLFormElement) {
  // Wait for React to mark the fields invalid before looking for them.
  requestAnimationFrame(() => form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
}

function ConflictAlert({ onReload }: { onReload?: () => Promise<void> }) {
  const [reloading, setReloading] = useState(false);
  return (
    <Alert kind="error" title="Someone else changed this certificate meanwhile.">
      <p>Reload it to see the latest version, then save your change again.</p>
      {onReload && (
        <button
          type="button"
          className="button button-secondary"
          disabled={reloading}
          onClick={() => {
            setReloading(true);
            void onReload().finally(() => setReloading(false));
          }}
        >
          {reloading ? 'Reloading…' : 'Reload certificate'}
        </button>
      )}
    </Alert>
  );
}
