import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../api/api';
import type { ClientService, ClientServiceStatus } from '../api/api-types';
import { clientServiceStatusLabel, describeStatusReason } from '../ui/badges';
import { Alert, errorMessage } from '../ui/feedback';
import { ReasonField, SelectField } from '../ui/fields';
import { ModalDialog } from '../ui/modal-dialog';
import { FormActions, useServerForm } from '../ui/server-form';

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
  const change = useServerForm({
    fields: ['status', 'reason'],
    validate: () => ({
      status:
        status === service.status
          ? `The client service is already ${clientServiceStatusLabel(status).toLowerCase()}.`
          : undefined,
      reason: status !== 'ACTIVE' && !reason.trim() ? 'Enter the reason for suspending or deactivating it.' : undefined,
    }),
    send: () => api.changeClientServiceStatus(service.id, { status, reason: reason.trim() || undefined }),
    onSuccess: async (result) => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['client-services'] }),
        queryClient.invalidateQueries({ queryKey: ['certificate', service.certificateId, 'client-services'] }),
      ]);
      onChanged(`“${service.name}” is now ${clientServiceStatusLabel(result.status).toLowerCase()}.`);
    },
    focusInvalid: false,
  });
  const { errors, mutation } = change;

  return (
    <ModalDialog title={`Change status of ${service.name}`} onClose={onClose}>
      <form onSubmit={change.onSubmit()} noValidate>
        <p>
          Current status: <strong>{clientServiceStatusLabel(service.status)}</strong>
          {service.statusReason && <> — {describeStatusReason(service.statusReason)}</>}
        </p>
        {/* A 409 here is a refusal with a reason for the operator (e.g. the CA access expired), not a stale revision. */}
        {mutation.isError && (
          <Alert
            kind="error"
            title={
              mutation.error instanceof ApiError && mutation.error.status === 409
                ? 'The status change was refused.'
                : undefined
            }
          >
            {errorMessage(mutation.error)}
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
        <ReasonField
          value={reason}
          onChange={setReason}
          error={errors.reason}
          hint="Required when suspending or deactivating."
          required={status !== 'ACTIVE'}
          optional={status === 'ACTIVE'}
        />
        <FormActions pending={change.pending} label="Save status" pendingLabel="Saving…" onCancel={onClose} />
      </form>
    </ModalDialog>
  );
}
