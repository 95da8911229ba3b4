import { useId, useState } from 'react';
import { api } from '../../api/api';
import type { CertificateStatus } from '../../api/api-types';
import { ReasonField } from '../../ui/fields';
import { FormActions, FormAlerts } from '../../ui/server-form';
import { useCertificateForm, type CertificateFormProps } from './certificate-queries';

const REASON_MAX = 500;

export function ChangeStatusForm({ certificate, onDone, onCancel }: CertificateFormProps) {
  const groupId = useId();
  const [status, setStatus] = useState<CertificateStatus>(certificate.status === 'active' ? 'inactive' : 'active');
  const [reason, setReason] = useState('');
  const form = useCertificateForm(certificate.id, {
    fields: ['status', 'reason'],
    validate: () => ({
      status:
        status === certificate.status ? `The certificate is already ${status}. Choose the other status.` : undefined,
      reason: !reason.trim()
        ? 'Enter the reason for this change; it is kept in the history.'
        : reason.length > REASON_MAX
          ? `The reason must be at most ${REASON_MAX} characters.`
          : undefined,
    }),
    send: () => api.changeCertificateStatus(certificate.id, certificate.revision, { status, reason: reason.trim() }),
    onSuccess: () => onDone(`The certificate is now ${status}.`),
  });
  const { errors } = form;

  return (
    <form className="inline-form" onSubmit={form.onSubmit()} noValidate aria-label="Change status">
      <FormAlerts form={form} />
      <fieldset
        className="radio-group"
        aria-describedby={[`${groupId}-effect`, errors.status && `${groupId}-error`].filter(Boolean).join(' ')}
      >
        <legend>New certificate status</legend>
        {(['active', 'inactive'] as const).map((value) => (
          <label key={value} className="radio">
            <input
              type="radio"
              name="status"
              value={value}
              checked={status === value}
              onChange={() => setStatus(value)}
              aria-invalid={errors.status ? true : undefined}
            />
            {value === 'active' ? 'Active' : 'Inactive'}
            {value === certificate.status && <span className="muted"> (current)</span>}
          </label>
        ))}
        <p className="hint" id={`${groupId}-effect`}>
          {status === 'inactive'
            ? 'While the certificate is inactive, Sign’Stash does not sign with it: no client service using it can be activated, and client services registered for it start suspended. Its CA access is kept.'
            : 'While the certificate is active, Sign’Stash signs with it for its client services, as long as the CA access is valid.'}
        </p>
        {errors.status && (
          <p className="field-error" id={`${groupId}-error`}>
            {errors.status}
          </p>
        )}
      </fieldset>
      <ReasonField value={reason} onChange={setReason} error={errors.reason} maxLength={REASON_MAX} required />
      <FormActions pending={form.pending} label="Save status" pendingLabel="Saving…" onCancel={onCancel} />
    </form>
  );
}
