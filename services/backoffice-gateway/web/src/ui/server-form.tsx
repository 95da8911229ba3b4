import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useMutation } from '@tanstack/react-query';
import {
  focusFirstInvalid,
  FormErrorAlert,
  hasErrors,
  InvalidFormAlert,
  mergeFieldErrors,
  type FieldErrors,
} from './form-errors';

export interface ServerFormOptions<K extends string, TData, TVars> {
  fields: readonly K[];
  /** The checks made before asking the server, which validates again and has the last word. */
  validate: () => FieldErrors<K>;
  send: (vars: TVars) => Promise<TData>;
  onSuccess: (data: TData) => Promise<void> | void;
  /** Reloads what the form edits after a conflict; the error is cleared once it is done. */
  reload?: () => Promise<unknown>;
  /** False where the form is not a page section (a dialog keeps the focus where it was). */
  focusInvalid?: boolean;
}

/**
 * One form's round trip: its own checks first, then the call; the server's answer becomes a message
 * per field (400 naming them), a conflict alert (409/412) or the error as it is.
 */
export function useServerForm<K extends string, TData, TVars = void>(options: ServerFormOptions<K, TData, TVars>) {
  const [local, setLocal] = useState<FieldErrors<K>>({});
  const mutation = useMutation({ mutationFn: options.send, onSuccess: options.onSuccess });
  const { reload } = options;

  return {
    mutation,
    fields: options.fields,
    errors: mergeFieldErrors(options.fields, local, mutation.error),
    hasLocalErrors: hasErrors(local),
    pending: mutation.isPending,
    reload: reload && (() => reload().then(() => mutation.reset())),
    clearError: (field: K) => {
      if (local[field]) setLocal((errors) => ({ ...errors, [field]: undefined }));
    },
    /** Validates, then hands over to `onValid` (by default, sends with no variables). */
    onSubmit:
      (onValid: () => void = () => mutation.mutate(undefined as TVars)) =>
      (event: FormEvent<HTMLFormElement>) => {
        event.preventDefault();
        const next = options.validate();
        setLocal(next);
        mutation.reset();
        if (!hasErrors(next)) return onValid();
        if (options.focusInvalid ?? true) focusFirstInvalid(event.currentTarget);
      },
  };
}

interface ServerFormState {
  mutation: { isError: boolean; error: unknown };
  fields: readonly string[];
  hasLocalErrors: boolean;
  reload?: () => Promise<void>;
}

/** The alerts above a form: what the server refused, or that the form's own checks failed. */
export function FormAlerts({ form }: { form: ServerFormState }) {
  return (
    <>
      {form.mutation.isError && (
        <FormErrorAlert error={form.mutation.error} fields={form.fields} onReload={form.reload} />
      )}
      {form.hasLocalErrors && <InvalidFormAlert />}
    </>
  );
}

/** Submit (its label saying when the call is under way) and cancel, as a button or a link back, when there is one to go back to. */
export function FormActions({
  pending,
  label,
  pendingLabel,
  onCancel,
  cancelTo,
}: {
  pending: boolean;
  label: string;
  pendingLabel: string;
  onCancel?: () => void;
  cancelTo?: string;
}) {
  return (
    <div className="form-actions">
      <button type="submit" className="button button-primary" disabled={pending}>
        {pending ? pendingLabel : label}
      </button>
      {cancelTo !== undefined ? (
        <Link to={cancelTo} className="button button-secondary">
          Cancel
        </Link>
      ) : (
        onCancel && (
          <button type="button" className="button button-secondary" onClick={onCancel}>
            Cancel
          </button>
        )
      )}
    </div>
  );
}
