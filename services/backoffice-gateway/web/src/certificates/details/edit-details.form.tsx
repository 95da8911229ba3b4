import { useState } from 'react';
import { api } from '../../api/api';
import type { CertificateDetails } from '../../api/api-types';
import { InputField, TextAreaField } from '../../ui/fields';
import { FormActions, FormAlerts } from '../../ui/server-form';
import { ALIAS_MAX, aliasError, DESCRIPTION_MAX, descriptionError } from '../certificate-validation';
import { useCertificateForm } from './certificate-queries';

type Changes = { alias?: string; description?: string };

export function EditDetailsForm({
  certificate,
  onDone,
  onCancel,
}: {
  certificate: CertificateDetails;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const [alias, setAlias] = useState(certificate.alias);
  const [description, setDescription] = useState(certificate.description ?? '');
  const form = useCertificateForm(certificate.id, {
    fields: ['alias', 'description'],
    validate: () => ({ alias: aliasError(alias), description: descriptionError(description) }),
    send: (body: Changes) => api.changeCertificateDetails(certificate.id, certificate.revision, body),
    onSuccess: () => onDone('The certificate details were saved.'),
  });

  const sendChanges = () => {
    const body: Changes = {};
    if (alias.trim() !== certificate.alias) body.alias = alias.trim();
    if (description.trim() !== (certificate.description ?? '')) body.description = description.trim();
    if (Object.keys(body).length === 0) return onCancel();
    form.mutation.mutate(body);
  };

  return (
    <form className="inline-form" onSubmit={form.onSubmit(sendChanges)} noValidate aria-label="Edit details">
      <FormAlerts form={form} />
      <InputField
        label="Alias"
        name="alias"
        value={alias}
        onChange={setAlias}
        error={form.errors.alias}
        maxLength={ALIAS_MAX}
        required
      />
      <TextAreaField
        label="Description"
        name="description"
        rows={3}
        value={description}
        onChange={setDescription}
        error={form.errors.description}
        maxLength={DESCRIPTION_MAX}
        optional
      />
      <FormActions pending={form.pending} label="Save details" pendingLabel="Saving…" onCancel={onCancel} />
    </form>
  );
}
