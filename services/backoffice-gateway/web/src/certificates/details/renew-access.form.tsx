import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/api';
import type { CertificateDetails } from '../../api/api-types';
import { InputField } from '../../ui/fields';
import { focusFirstInvalid, FormErrorAlert, hasErrors, InvalidFormAlert, mergeFieldErrors, type FieldErrors } from '../../ui/form-errors';
import { dateInputToIso, formatDate, toDateInput, todayInput } from '../../ui/format';
import { futureDateError } from '../certificate-validation';
import { countSuspendedByExpiry, refreshCertificate } from './certificate-queries';

const fields = ['expiresAt', 'credentialId'] as const;
type Field = (typeof fields)[number];

export function RenewAccessForm({
  certificate,
  onRenewed,
  onCancel,
}: {
  certificate: CertificateDetails;
  onRenewed: (suspendedByExpiry: number) => void;
  onCancel: () => void;
}) {
  const queryClient = useQueryClient();
  const [expiresAt, setExpiresAt] = useState('');
  const [credentialId, setCredentialId] = useState('');
  const [local, setLocal] = useState<FieldErrors<Field>>({});
  const renew = useMutation({
    mutationFn: () =>
      api.renewAccess(certificate.id, certificate.revision, {
        expiresAt: dateInputToIso(expiresAt),
        credentialId: credentialId.trim() || undefined,
      }),
    onSuccess: async () => {
      await refreshCertificate(queryClient, certificate.id);
      // A failed count must not hide that the renewal itself succeeded.
      onRenewed(await countSuspendedByExpiry(queryClient, certificate.id).catch(() => 0));
    },
  });
  const errors = mergeFieldErrors(fields, local, renew.error);
  const tomorrow = new Date();
  tomorrow.setDate(tomorrow.getDate() + 1);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const next: FieldErrors<Field> = { expiresAt: futureDateError(expiresAt, todayInput(), 'new expiration date') };
    setLocal(next);
    renew.reset();
    if (hasErrors(next)) return focusFirstInvalid(event.currentTarget);
    renew.mutate();
  };

  return (
    <form className="inline-form" onSubmit={submit} noValidate aria-label="Renew CA access">
      {renew.isError && <FormErrorAlert error={renew.error} fields={fields} onReload={() => refreshCertificate(queryClient, certificate.id).then(() => renew.reset())} />}
      {hasErrors(local) && <InvalidFormAlert />}
      <div className="field-grid">
        <InputField
          label="New expiration date"
          name="expiresAt"
          type="date"
          min={toDateInput(tomorrow)}
          hint={`The access currently expires on ${formatDate(certificate.access.expiresAt)}.`}
          value={expiresAt}
          onChange={setExpiresAt}
          error={errors.expiresAt}
          required
        />
        <InputField
          label="New credential id"
          name="credentialId"
          hint="Only if the Certificate Authority issued a new credential."
          value={credentialId}
          onChange={setCredentialId}
          error={errors.credentialId}
          optional
        />
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={renew.isPending}>
          {renew.isPending ? 'Renewing…' : 'Renew access'}
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
