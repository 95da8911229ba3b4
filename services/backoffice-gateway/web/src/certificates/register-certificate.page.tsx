import { useState, type ChangeEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { api } from '../api/api';
import type { RegisterCertificateInput } from '../api/api-types';
import { PageHeading } from '../layout/page-heading';
import { boundFields, FieldShell, InputField, TextAreaField } from '../ui/fields';
import type { FieldErrors } from '../ui/form-errors';
import { dateInputToIso, todayInput } from '../ui/format';
import { FormActions, FormAlerts, useServerForm } from '../ui/server-form';
import { aliasError, descriptionError, futureDateError, pemError, requiredError } from './certificate-validation';
import { AliasField, DescriptionField } from './certificate-text.fields';

const fields = ['pem', 'alias', 'description', 'provider', 'credentialId', 'grantedAt', 'expiresAt'] as const;
type Field = (typeof fields)[number];
type Form = Record<Field, string>;

const emptyForm: Form = {
  pem: '',
  alias: '',
  description: '',
  provider: '',
  credentialId: '',
  grantedAt: '',
  expiresAt: '',
};

function validate(form: Form): FieldErrors<Field> {
  const today = todayInput();
  return {
    pem: pemError(form.pem),
    alias: aliasError(form.alias),
    description: descriptionError(form.description),
    provider: requiredError(form.provider, 'Enter the Certificate Authority that granted the access.'),
    credentialId: requiredError(form.credentialId, 'Enter the credential id given by the Certificate Authority.'),
    grantedAt: form.grantedAt && form.grantedAt > today ? 'The access cannot be granted in the future.' : undefined,
    expiresAt:
      futureDateError(form.expiresAt, today, 'expiration date') ??
      (form.grantedAt && form.expiresAt <= form.grantedAt
        ? 'The expiration date must be after the grant date.'
        : undefined),
  };
}

export function RegisterCertificatePage() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<Form>(emptyForm);
  const [fileError, setFileError] = useState<string>();
  const register = useServerForm({
    fields,
    validate: () => validate(form),
    send: (input: RegisterCertificateInput) => api.registerCertificate(input),
    onSuccess: async ({ id }) => {
      await queryClient.invalidateQueries({ queryKey: ['certificates'] });
      navigate(`/certificates/${encodeURIComponent(id)}`, {
        state: { flash: `Certificate “${form.alias.trim()}” registered.` },
      });
    },
  });
  const { errors } = register;
  const set = (field: Field) => (value: string) => {
    setForm((f) => ({ ...f, [field]: value }));
    register.clearError(field);
  };
  const bound = boundFields(form, set, errors);

  const loadFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    if (file.size > 64 * 1024) {
      setFileError('This file is too large for a certificate (more than 64 KB).');
      return;
    }
    setFileError(undefined);
    set('pem')(await file.text());
  };

  const send = () =>
    register.mutation.mutate({
      alias: form.alias.trim(),
      description: form.description.trim() || undefined,
      pem: form.pem.trim(),
      access: {
        provider: form.provider.trim(),
        credentialId: form.credentialId.trim(),
        grantedAt: form.grantedAt ? dateInputToIso(form.grantedAt) : undefined,
        expiresAt: dateInputToIso(form.expiresAt),
      },
    });

  return (
    <>
      <p className="breadcrumb">
        <Link to="/certificates/new">← Back to the Certificate Authorities</Link>
      </p>
      <PageHeading title="Register certificate" />
      <p className="hint page-intro">
        For a certificate held at a Certificate Authority without a CSC API: Sign’Stash cannot be granted access there
        through the CA, so the access is recorded by hand. The PEM, the CA’s name and the access’s expiry are given
        here, and the access is renewed by hand too.
      </p>
      <form className="form-card" onSubmit={register.onSubmit(send)} noValidate aria-label="Register certificate">
        <FormAlerts form={register} />
        <fieldset>
          <legend>Certificate</legend>
          <FieldShell
            label="Upload a PEM file"
            optional
            hint="A .pem, .crt or .cer file; its content appears in the box below."
            error={fileError}
          >
            {(aria) => (
              <input
                {...aria}
                type="file"
                accept=".pem,.crt,.cer,application/x-pem-file,text/plain"
                onChange={(e) => void loadFile(e)}
              />
            )}
          </FieldShell>
          <TextAreaField
            label="Certificate (PEM)"
            {...bound('pem')}
            hint="Or paste it here, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----."
            rows={8}
            monospace
            required
          />
          <AliasField {...bound('alias')} />
          <DescriptionField {...bound('description')} />
        </fieldset>
        <fieldset>
          <legend>Certificate Authority access</legend>
          <div className="field-grid">
            <InputField
              label="Provider"
              {...bound('provider')}
              hint="The Certificate Authority that granted Sign’Stash the access."
              required
            />
            <InputField
              label="Credential id"
              {...bound('credentialId')}
              hint="The id of the credential at the Certificate Authority."
              required
            />
            <InputField label="Granted at" {...bound('grantedAt')} type="date" max={todayInput()} optional />
            <InputField label="Expires at" {...bound('expiresAt')} type="date" required />
          </div>
        </fieldset>
        <FormActions
          pending={register.pending}
          label="Register certificate"
          pendingLabel="Registering…"
          cancelTo="/certificates"
        />
      </form>
    </>
  );
}
