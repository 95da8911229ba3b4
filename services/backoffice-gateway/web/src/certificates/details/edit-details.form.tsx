import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/api';
import type { CertificateDetails } from '../../api/api-types';
import { InputField, TextAreaField } from '../../ui/fields';
import { focusFirstInvalid, FormErrorAlert, hasErrors, InvalidFormAlert, mergeFieldErrors, type FieldErrors } from '../../ui/form-errors';
import { ALIAS_MAX, aliasError, DESCRIPTION_MAX, descriptionError } from '../certificate-validation';
import { refreshCertificate } from './certificate-queries';

const fields = ['alias', 'description'] as const;
type Field = (typeof fields)[number];

export function EditDetailsForm({ certificate, onDone, onCancel }: { certificate: CertificateDetails; onDone: (message: string) => void; onCancel: () => void }) {
  const queryClient = useQueryClient();
  const [alias, setAlias] = useState(certificate.alias);
  const [description, setDescription] = useState(certificate.description ?? '');
  const [local, setLocal] = useState<FieldErrors<Field>>({});
  const save = useMutation({
    mutationFn: (body: { alias?: string; description?: string }) => api.changeCertificateDetails(certificate.id, certificate.revision, body),
    onSuccess: async () => {
      await refreshCertificate(queryClient, certificate.id);
      onDone('The certificate details were saved.');
    },
  });
  const errors = mergeFieldErrors(fields, local, save.error);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const next: FieldErrors<Field> = { alias: aliasError(alias), description: descriptionError(description) };
    setLocal(next);
    save.reset();
    if (hasErrors(next)) return focusFirstInvalid(event.currentTarget);
    const body: { alias?: string; description?: string } = {};
    if (alias.trim() !== certificate.alias) body.alias = alias.trim();
    if (description.trim() !== (certificate.description ?? '')) body.description = description.trim();
    if (Object.keys(body).length === 0) return onCancel();
    save.mutate(body);
  };

  return (
    <form className="inline-form" onSubmit={submit} noValidate aria-label="Edit details">
      {save.isError && <FormErrorAlert error={save.error} fields={fields} onReload={() => refreshCertificate(queryClient, certificate.id).then(() => save.reset())} />}
      {hasErrors(local) && <InvalidFormAlert />}
      <InputField label="Alias" name="alias" value={alias} onChange={setAlias} error={errors.alias} maxLength={ALIAS_MAX} required />
      <TextAreaField
        label="Description"
        name="description"
        rows={3}
        value={description}
        onChange={setDescription}
        error={errors.description}
        maxLength={DESCRIPTION_MAX}
        optional
      />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save details'}
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
