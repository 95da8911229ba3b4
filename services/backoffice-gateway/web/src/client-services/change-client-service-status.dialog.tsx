import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../api/api';
import type { ClientService, ClientServiceStatus } from '../api/api-types';
import { clientServiceStatusLabel } from '../ui/badges';
import { Alert, errorMessage } from '../ui/feedback';
import { SelectField, TextAreaField } from '../ui/fields';
import { mergeFieldErrors, type FieldErrors } from '../ui/form-errors';
import { ModalDialog } from '../ui/modal-dialog';

const fields = ['status', 'reason'] as const;
type Field = (typeof fields)[number];
const statuses: ClientServiceStatus[] = ['ACTIVE', 'SUSPENDED', 'INACTIVE'];

export function ChangeClientServiceStatusDialog({
  service,
  onClose,
  onChanged,
}: {
  service: ClientService;
  onClose: () => void;
  onChanged: (message: string) => void;
}) {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<ClientServiceStatus>(service.status === 'ACTIVE' ? 'SUSPENDED' : 'ACTIVE');
  const [reason, setReason] = useState('');
  const [local, setLocal] = useState<FieldErrors<Field>>({});
  const change = useMutation({
    mutationFn: () => api.changeClientServiceStatus(service.id, { status, reason: reason.trim() || undefined }),
    onSuccess: async (result) => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['client-services'] }),
        queryClient.invalidateQueries({ queryKey: ['certificate', service.certificateId, 'client-services'] }),
      ]);
      onChanged(`“${service.name}” is now ${clientServiceStatusLabel(result.status).toLowerCase()}.`);
    },
  });
  // A 409 here is a refusal with a reason for the operator (e.g. the CA access expired), not a stale revision.
  const errors = mergeFieldErrors(fields, local, change.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next: FieldErrors<Field> = {
      status: status === service.status ? `The client service is already ${clientServiceStatusLabel(status).toLowerCase()}.` : undefined,
      reason: status !== 'ACTIVE' && !reason.trim() ? 'Enter the reason for suspending or deactivating it.' : undefined,
    };
    setLocal(next);
    change.reset();
    if (next.status || next.reason) return;
    change.mutate();
  };

  return (
    <ModalDialog title={`Change status of ${service.name}`} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <p>
          Current status: <strong>{clientServiceStatusLabel(service.status)}</strong>
          {service.statusReason && <> — {service.statusReason}</>}
        </p>
        {change.isError && (
          <Alert kind="error" title={change.error instanceof ApiError && change.error.status === 409 ? 'The status change was refused.' : undefined}>
            {errorMessage(change.error)}
          </Alert>
        )}
        <SelectField
          label="New status"
          name="status"
          value={status}
          onChange={(value) => setStatus(value as ClientServiceStatus)}
          error={errors.status}
          options={statuses.map((s) => ({ value: s, label: clientServiceStatusLabel(s) }))}
        />
        <TextAreaField
          label="Reason"
          name="reason"
          rows={2}
          value={reason}
          onChange={setReason}
          error={errors.reason}
          hint="Required when suspending or deactivating."
          required={status !== 'ACTIVE'}
          optional={status === 'ACTIVE'}
        />
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={change.isPending}>
            {change.isPending ? 'Saving…' : 'Save status'}
          </button>
          <button type="button" className="button button-secondary" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
