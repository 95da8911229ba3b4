import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../api/api';
import type { ClientServiceStatus } from '../api/api-types';
import { clientServiceStatusLabel, describeStatusReason } from '../ui/badges';
import { CertificatePicker } from '../certificates/certificate-picker';
import { InputField } from '../ui/fields';
import { FormActions, FormAlerts, useServerForm } from '../ui/server-form';

const NAME_MAX = 100;

export interface Registered {
  name: string;
  status: ClientServiceStatus;
  statusReason?: string;
}

export function RegisterClientServiceForm({
  initialCertificateId,
  onDone,
  onCancel,
}: {
  initialCertificateId: string;
  onDone: (registered: Registered) => void;
  onCancel: () => void;
}) {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [certificateId, setCertificateId] = useState(initialCertificateId);
  const register = useServerForm({
    fields: ['name', 'certificateId'],
    validate: () => ({
      name: !name.trim()
        ? 'Enter a name for the client service.'
        : name.trim().length > NAME_MAX
          ? `The name must be at most ${NAME_MAX} characters.`
          : undefined,
      certificateId: certificateId ? undefined : 'Choose the certificate the client service signs with.',
    }),
    send: () => api.registerClientService({ name: name.trim(), certificateId }),
    onSuccess: async (result) => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['client-services'] }),
        queryClient.invalidateQueries({ queryKey: ['certificate', certificateId, 'client-services'] }),
      ]);
      onDone({ name: name.trim(), status: result.status, statusReason: result.statusReason });
    },
  });
  const { errors } = register;

  return (
    <form
      className="inline-form form-card"
      onSubmit={register.onSubmit()}
      noValidate
      aria-label="Register client service"
    >
      <h2 className="form-title">Register a client service</h2>
      <FormAlerts form={register} />
      <div className="field-grid">
        <InputField
          label="Name"
          name="name"
          value={name}
          onChange={setName}
          error={errors.name}
          maxLength={NAME_MAX}
          required
        />
        <CertificatePicker
          label="Certificate"
          value={certificateId}
          onChange={setCertificateId}
          error={errors.certificateId}
          required
        />
      </div>
      <FormActions
        pending={register.pending}
        label="Register client service"
        pendingLabel="Registering…"
        onCancel={onCancel}
      />
    </form>
  );
}

export function registeredMessage(registered: Registered): string {
  const base = `Client service “${registered.name}” registered`;
  if (registered.status === 'ACTIVE') return `${base}.`;
  const described = describeStatusReason(registered.statusReason);
  const reason = described ? `: ${described[0].toLowerCase()}${described.slice(1)}.` : '.';
  return `${base}, but it is ${clientServiceStatusLabel(registered.status).toLowerCase()}${reason}`;
}
