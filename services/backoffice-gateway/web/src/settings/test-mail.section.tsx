import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { api } from '../api/api';
import type { TestMail } from '../api/api-types';
import { Alert, errorMessage } from '../ui/feedback';
import { formatDateTime } from '../ui/format';
import { useTestMail } from './settings-queries';

function DeliveryState({ mail }: { mail: TestMail }) {
  if (mail.status === 'sent')
    return (
      <Alert kind="success" title="Delivered">
        The mail server accepted the test e-mail for {mail.recipient} at {formatDateTime(mail.sentAt)}. If it is not in
        that mailbox, look in its spam folder.
      </Alert>
    );
  if (mail.status === 'failed')
    return (
      <Alert kind="error" title="Not delivered">
        The test e-mail to {mail.recipient} could not be delivered after{' '}
        {mail.attempts === 1 ? '1 attempt' : `${mail.attempts} attempts`}
        {mail.lastError ? `: ${mail.lastError}` : '.'}
      </Alert>
    );
  return (
    <Alert kind="info" title="Sending…">
      Sending the test e-mail to {mail.recipient}
      {mail.attempts > 0 ? ` (attempt ${mail.attempts + 1}${mail.lastError ? `; last: ${mail.lastError}` : ''})` : ''}.
    </Alert>
  );
}

/** Checks, before any expiry, that mail from Sign'Stash reaches the operator. */
export function TestMailSection({ email }: { email: string }) {
  const [id, setId] = useState<string>();
  const send = useMutation({ mutationFn: api.sendTestMail, onSuccess: (mail) => setId(mail.id) });
  const mail = useTestMail(id);
  const shown = mail.data ?? send.data;

  return (
    <section className="card" aria-labelledby="test-mail-title">
      <div className="card-header">
        <h2 id="test-mail-title">Test e-mail</h2>
      </div>
      <p>
        Check that e-mail from Sign’Stash reaches <strong>{email}</strong> before an access expires.
      </p>
      <div aria-live="polite">
        {send.isError && <Alert kind="error">{errorMessage(send.error)}</Alert>}
        {shown && <DeliveryState mail={shown} />}
      </div>
      <div className="form-actions">
        <button
          type="button"
          className="button button-secondary"
          disabled={send.isPending || shown?.status === 'pending'}
          onClick={() => send.mutate()}
        >
          {send.isPending ? 'Sending…' : 'Send me a test e-mail'}
        </button>
      </div>
    </section>
  );
}
