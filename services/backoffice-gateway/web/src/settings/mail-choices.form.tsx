import { useState } from 'react';
import { api } from '../api/api';
import type { Settings } from '../api/api-types';
import { Alert } from '../ui/feedback';
import { FormActions, FormAlerts, useServerForm } from '../ui/server-form';
import { useSettingsSaved } from './settings-queries';

/** The operator's own e-mails; the expiry notice cannot be turned off by an issuer operator. */
export function MailChoicesForm({ settings }: { settings: Settings }) {
  const [warnings, setWarnings] = useState(settings.mail.warnings);
  const [expiries, setExpiries] = useState(settings.mail.expiries);
  const [saved, setSaved] = useState(false);
  const show = useSettingsSaved();
  const always = settings.mail.expiriesAlways;
  const form = useServerForm({
    fields: ['warnings', 'expiries'] as const,
    validate: () => ({}),
    send: () => api.changeMailChoices(always ? { warnings } : { warnings, expiries }),
    onSuccess: (next) => {
      show(next);
      setSaved(true);
    },
  });

  return (
    <section className="card" aria-labelledby="my-mails-title">
      <div className="card-header">
        <h2 id="my-mails-title">Your e-mails</h2>
      </div>
      <p>
        Sent to <strong>{settings.email}</strong>.
      </p>
      <form
        className="settings-form"
        aria-label="Your e-mails"
        noValidate
        onSubmit={form.onSubmit(() => {
          setSaved(false);
          form.mutation.mutate();
        })}
      >
        {saved && <Alert kind="success">Saved. Your e-mails follow these choices from now on.</Alert>}
        <FormAlerts form={form} />
        <fieldset className="choices">
          <legend className="visually-hidden">E-mails to receive</legend>
          <label className="choice">
            <input type="checkbox" checked={warnings} onChange={(event) => setWarnings(event.target.checked)} />
            <span>
              Warnings before a CA access expires
              <span className="hint">At the days set above, for every certificate of your issuer.</span>
            </span>
          </label>
          <label className="choice">
            <input
              type="checkbox"
              checked={always || expiries}
              disabled={always}
              aria-describedby={always ? 'expiries-always' : undefined}
              onChange={(event) => setExpiries(event.target.checked)}
            />
            <span>
              Notice when a CA access expired and its client services were suspended
              {always && (
                <span className="hint" id="expiries-always">
                  Always sent to issuer operators: someone who can renew must hear of an expiry.
                </span>
              )}
            </span>
          </label>
        </fieldset>
        {(form.errors.warnings || form.errors.expiries) && (
          <p className="field-error">{form.errors.warnings ?? form.errors.expiries}</p>
        )}
        <FormActions pending={form.pending} label="Save my e-mails" pendingLabel="Saving…" />
      </form>
    </section>
  );
}
