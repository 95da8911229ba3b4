import { useState } from 'react';
import { api } from '../../api/api';
import { FormActions, FormAlerts } from '../../ui/server-form';
import { aliasError, descriptionError } from '../certificate-validation';
import { AliasField, DescriptionField } from '../certificate-text.fields';
import { useCertificateForm, type CertificateFormProps } from './certificate-queries';

type Changes = { alias?: string; description?: string };

export function EditDetailsForm({ certificate, onDone, onCancel }: CertificateFormProps) {
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
      <AliasField value={alias} onChange={setAlias} error={form.errors.alias} />
      <DescriptionField value={description} onChange={setDescription} error={form.errors.description} />
      <FormActions pending={form.pending} label="Save details" pendingLabel="Saving…" onCancel={onCancel} />
    </form>
  );
}
