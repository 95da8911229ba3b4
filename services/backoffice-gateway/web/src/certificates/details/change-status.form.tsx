import { useId, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/api';
import type { CertificateDetails, CertificateStatus } from '../../api/api-types';
import { TextAreaField } from '../../ui/fields';
import { focusFirstInvalid, FormErrorAlert, hasErrors, InvalidFormAlert, mergeFieldErrors, type FieldErrors } from '../../ui/form-errors';
import { refreshCertificate } from './certificate-queries';

const fields = ['status', 'reason'] as const;
type Field = (typeof fields)[number];
const REASON_MAX = 500;

export function ChangeStatusForm({ certificate, onDone, onCancel }: { certificate: CertificateDetails; onDone: (message: string) => void; onCancel: () => void }) {
  const queryClient = useQueryClient();
  const groupId = useId();
  const [status, setStatus] = useState<CertificateStatus>(certificate.status === 'active' ? 'inactive' : 'active');
  const [reason, setReason] = useState('');
  const [local, setLocal] = useState<FieldErrors<Field>>({});
  const save = useMutation({
    mutationFn: () => api.changeCertificateStatus(certificate.id, certificate.revision, { status, reason: reason.trim() }),
    onSuccess: async () => {
      await refreshCertificate(queryClient, certificate.id);
      onDone(`The certificate is now ${status}.`);
    },
  });
  const errors = mergeFieldErrors(fields, local, save.error);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const next: FieldErrors<Field> = {
      status: status === certificate.status ? `The certificate is already ${status}. Choose the other status.` : undefined,
      reason: !reason.trim()
        ? 'Enter the reason for this change; it is kept in the history.'
        : reason.length > REASON_MAX
          ? `The reason must be at most ${REASON_MAX} characters.`
          : undefined,
    };
    setLocal(next);
    save.reset();
    if (hasErrors(next)) return focusFirstInvalid(event.currentTarget);
    save.mutate();
  };

  return (
    <form className="inline-form" onSubmit={submit} noValidate aria-label="Change status">
      {save.isError && <FormErrorAlert error={save.error} fields={fields} onReload={() => refreshCertificate(queryClient, certificate.id).then(() => save.reset())} />}
      {hasErrors(local) && <InvalidFormAlert />}
      <fieldset className="radio-group" aria-describedby={errors.status ? `${groupId}-error` : undefined}>
        <legend>New status</legend>
        {(['active', 'inactive'] as const).map((value) => (
          <label key={value} className="radio">
            <input type="radio" name="status" value={value} checked={status === value} onChange={() => setStatus(value)} aria-invalid={errors.status ? true : undefined} />
            {value === 'active' ? 'Active' : 'Inactive'}
            {value === certificate.status && <span className="muted"> (current)</span>}
          </label>
        ))}
        {errors.status && (
          <p className="field-error" id={`${groupId}-error`}>
            {errors.status}
          </p>
        )}
      </fieldset>
      <TextAreaField label="Reason" name="reason" rows={2} value={reason} onChange={setReason} error={errors.reason} maxLength={REASON_MAX} required />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save status'}
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
