import { useState } from 'react';
import { api } from '../api/api';
import type { Settings } from '../api/api-types';
import { InputField } from '../ui/fields';
import { Alert } from '../ui/feedback';
import { FormActions, FormAlerts, useServerForm } from '../ui/server-form';
import { useSettingsSaved } from './settings-queries';
import { daysInWords } from './setting-words';

const MAX_THRESHOLDS = 10;

/** "30, 7, 1" → [30, 7, 1]; undefined when any part is not a whole number of days. */
function parseDays(text: string): number[] | undefined {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  return parts.every((part) => /^\d+$/.test(part)) ? parts.map(Number) : undefined;
}

function daysError(text: string): string | undefined {
  const days = parseDays(text);
  if (!days) return 'Enter whole numbers of days, separated by commas, e.g. 30, 7, 1.';
  if (days.length === 0) return 'Enter at least one number of days.';
  if (days.length > MAX_THRESHOLDS) return `Enter at most ${MAX_THRESHOLDS} numbers of days.`;
  if (days.some((day) => day < 1 || day > 365)) return 'Each number of days must be between 1 and 365.';
  if (new Set(days).size !== days.length) return 'Enter each number of days once.';
  return undefined;
}

/** The issuer's warning thresholds: issuer operators change them, viewers read them. */
export function WarningThresholdsForm({ settings }: { settings: Settings }) {
  const { warningThresholds: current, canChangeThresholds } = settings;
  const [text, setText] = useState(current.thresholdsDays.join(', '));
  const [saved, setSaved] = useState<string>();
  const show = useSettingsSaved();
  const form = useServerForm({
    fields: ['thresholdsDays'] as const,
    validate: () => ({ thresholdsDays: daysError(text) }),
    send: () => api.changeWarningThresholds({ thresholdsDays: parseDays(text)! }),
    onSuccess: (next) => {
      show(next);
      setText(next.warningThresholds.thresholdsDays.join(', '));
      setSaved(
        `Saved. Operators will be warned ${daysInWords(next.warningThresholds.thresholdsDays)} before an access expires.`,
      );
    },
  });
  const defaults = current.isDefault ? ' These are Sign’Stash’s defaults.' : '';

  return (
    <section className="card" aria-labelledby="thresholds-title">
      <div className="card-header">
        <h2 id="thresholds-title">Warnings before an access expires</h2>
      </div>
      <p>
        Your issuer’s operators are e-mailed when a CA access has {daysInWords(current.thresholdsDays)} left, for every
        certificate of your issuer.{defaults}
      </p>
      {canChangeThresholds ? (
        <form
          className="settings-form"
          aria-label="Warning thresholds"
          noValidate
          onSubmit={form.onSubmit(() => {
            setSaved(undefined);
            form.mutation.mutate();
          })}
        >
          {saved && <Alert kind="success">{saved}</Alert>}
          <FormAlerts form={form} />
          <InputField
            label="Days before expiry"
            name="thresholdsDays"
            hint={`Up to ${MAX_THRESHOLDS} whole numbers from 1 to 365, separated by commas. They apply from the next expiry check, within a minute.`}
            value={text}
            onChange={(value) => {
              setText(value);
              form.clearError('thresholdsDays');
            }}
            error={form.errors.thresholdsDays}
            required
          />
          <FormActions pending={form.pending} label="Save thresholds" pendingLabel="Saving…" />
        </form>
      ) : (
        <p className="hint">Only issuer operators can change them.</p>
      )}
    </section>
  );
}
