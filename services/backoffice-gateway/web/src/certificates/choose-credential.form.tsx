import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { api } from '../api/api';
import type { OfferedCredential } from '../api/api-types';
import { formatDate } from '../ui/format';
import { Alert } from '../ui/feedback';
import { FormActions, FormAlerts, useServerForm } from '../ui/server-form';
import { aliasError, descriptionError } from './certificate-validation';
import { AliasField, DescriptionField } from './certificate-text.fields';

const fields = ['credentialId', 'alias', 'description'] as const;

/** Back from the CA with its grant: the operator picks one of the credentials it offered and names the certificate. */
export function ChooseCredentialForm({
  state,
  caName,
  credentials,
  onRegistered,
}: {
  state: string;
  caName: string;
  credentials: OfferedCredential[];
  onRegistered: () => void;
}) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [credentialId, setCredentialId] = useState(credentials.length === 1 ? credentials[0].credentialId : '');
  const [alias, setAlias] = useState('');
  const [description, setDescription] = useState('');
  const form = useServerForm({
    fields,
    validate: () => ({
      credentialId: credentialId ? undefined : 'Choose the credential Sign’Stash signs with.',
      alias: aliasError(alias),
      description: descriptionError(description),
    }),
    send: () =>
      api.registerFromCa(state, {
        credentialId,
        alias: alias.trim(),
        ...(description.trim() ? { description: description.trim() } : {}),
      }),
    onSuccess: async ({ id }) => {
      onRegistered();
      await queryClient.invalidateQueries({ queryKey: ['certificates'] });
      navigate(`/certificates/${encodeURIComponent(id)}`, {
        replace: true,
        state: { flash: `Certificate “${alias.trim()}” registered with its access at ${caName}.` },
      });
    },
  });
  const { errors } = form;
  /** A change to one field, which clears what was said about it. */
  const edit = (field: (typeof fields)[number], set: (value: string) => void) => (value: string) => {
    set(value);
    form.clearError(field);
  };

  return (
    <form className="form-card" onSubmit={form.onSubmit()} noValidate aria-label="Choose the credential">
      <Alert kind="success">{caName} granted Sign’Stash access. Choose the credential to register and name it.</Alert>
      <FormAlerts form={form} />
      {credentials.length === 0 ? (
        <Alert kind="warning">
          {caName} offered no credential with a certificate for this account. Check the account at {caName}, then start
          again.
        </Alert>
      ) : (
        <fieldset className="choices" aria-describedby={errors.credentialId ? 'credential-error' : undefined}>
          <legend>Credential</legend>
          {credentials.map((credential) => (
            <label
              key={credential.credentialId}
              className={`choice choice-card${credentialId === credential.credentialId ? ' choice-selected' : ''}`}
            >
              <input
                type="radio"
                name="credentialId"
                value={credential.credentialId}
                checked={credentialId === credential.credentialId}
                onChange={() => edit('credentialId', setCredentialId)(credential.credentialId)}
              />
              <span className="choice-body">
                <strong>{credential.subject}</strong>
                <span className="hint">
                  Credential <code>{credential.credentialId}</code>
                  {credential.description ? ` · ${credential.description}` : ''}
                </span>
                <span className="choice-facts">
                  Issued by {credential.issuingCa} · valid {formatDate(credential.validFrom)} to{' '}
                  {formatDate(credential.validTo)}
                </span>
              </span>
            </label>
          ))}
          {errors.credentialId && (
            <p className="field-error" id="credential-error">
              {errors.credentialId}
            </p>
          )}
        </fieldset>
      )}
      <fieldset>
        <legend>Certificate</legend>
        <AliasField value={alias} onChange={edit('alias', setAlias)} error={errors.alias} />
        <DescriptionField
          value={description}
          onChange={edit('description', setDescription)}
          error={errors.description}
        />
      </fieldset>
      <FormActions pending={form.pending} label="Add certificate" pendingLabel="Adding…" cancelTo="/certificates" />
    </form>
  );
}
