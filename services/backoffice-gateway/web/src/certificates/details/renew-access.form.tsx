import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/api';
import type { CertificateDetails } from '../../api/api-types';
import { InputField } from '../../ui/fields';
import { dateInputToIso, formatDate, toDateInput, todayInput } from '../../ui/format';
import { accessCondition } from '../../ui/badges';
import { FormActions, FormAlerts } from '../../ui/server-form';
import { futureDateError } from '../certificate-validation';
import { countSuspendedByExpiry, useCertificateForm } from './certificate-queries';
import { EarlierExpiryDialog, needsEarlierExpiryConfirmation } from './earlier-expiry.dialog';

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
  const form = useCertificateForm(certificate.id, {
    fields: ['expiresAt', 'credentialId'],
    validate: () => ({ expiresAt: futureDateError(expiresAt, todayInput(), 'new expiration date') }),
    send: ({ confirmEarlierExpiry }: { confirmEarlierExpiry: boolean }) =>
      api.renewAccess(certificate.id, certificate.revision, {
        expiresAt: dateInputToIso(expiresAt),
        credentialId: credentialId.trim() || undefined,
        ...(confirmEarlierExpiry ? { confirmEarlierExpiry } : {}),
      }),
    // A failed count must not hide that the renewal itself succeeded.
    onSuccess: async () => onRenewed(await countSuspendedByExpiry(queryClient, certificate.id).catch(() => 0)),
  });
  const send = (confirmEarlierExpiry: boolean) => form.mutation.mutate({ confirmEarlierExpiry });
  const confirming = needsEarlierExpiryConfirmation(form.mutation.error);
  const tomorrow = new Date();
  tomorrow.setDate(tomorrow.getDate() + 1);

  return (
    <form className="inline-form" onSubmit={form.onSubmit(() => send(false))} noValidate aria-label="Renew CA access">
      {confirming ? (
        <EarlierExpiryDialog
          currentExpiresAt={certificate.access.expiresAt}
          newExpiresAt={dateInputToIso(expiresAt)}
          pending={form.pending}
          onConfirm={() => send(true)}
          onCancel={() => form.mutation.reset()}
        />
      ) : (
        <FormAlerts form={form} />
      )}
      <div className="field-grid">
        <InputField
          label="New expiration date"
          name="expiresAt"
          type="date"
          min={toDateInput(tomorrow)}
          hint={accessEndHint(certificate)}
          value={expiresAt}
          onChange={setExpiresAt}
          error={form.errors.expiresAt}
          required
        />
        <InputField
          label="New credential id"
          name="credentialId"
          hint="Only if the Certificate Authority issued a new credential."
          value={credentialId}
          onChange={setCredentialId}
          error={form.errors.credentialId}
          optional
        />
      </div>
      <FormActions pending={form.pending} label="Renew access" pendingLabel="Renewing…" onCancel={onCancel} />
    </form>
  );
}

/** "expires on" while the access runs, "expired on" once it is over. */
function accessEndHint({ access }: CertificateDetails): string {
  const day = formatDate(access.expiresAt);
  return accessCondition(access.state, access.expiresAt, Date.now()) === 'Expired'
    ? `The access expired on ${day}.`
    : `The access currently expires on ${day}.`;
}
