import { useId, useState, type ReactNode } from 'react';
import { parseDay, showDay } from './day-text';

interface FieldShellProps {
  label: string;
  error?: string;
  hint?: string;
  required?: boolean;
  optional?: boolean;
  children: (props: {
    id: string;
    'aria-invalid'?: true;
    'aria-describedby'?: string;
    required?: boolean;
  }) => ReactNode;
}

/** Label, control, hint and error wired together so a screen reader reads them as one. */
export function FieldShell({ label, error, hint, required, optional, children }: FieldShellProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>
        {label}
        {optional && <span className="optional"> (optional)</span>}
      </label>
      {hint && (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      )}
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy, required })}
      {error && (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      )}
    </div>
  );
}

interface InputFieldProps {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  hint?: string;
  required?: boolean;
  optional?: boolean;
  type?: 'text' | 'email' | 'password' | 'date' | 'search';
  autoComplete?: string;
  maxLength?: number;
  min?: string;
  max?: string;
}

export function InputField({ label, error, hint, required, optional, onChange, ...input }: InputFieldProps) {
  return (
    <FieldShell label={label} error={error} hint={hint} required={required} optional={optional}>
      {(aria) =>
        input.type === 'date' ? (
          <DayInput {...aria} name={input.name} value={input.value} onChange={onChange} />
        ) : (
          <input {...aria} {...input} type={input.type ?? 'text'} onChange={(e) => onChange(e.target.value)} />
        )
      }
    </FieldShell>
  );
}

/**
 * A date field as one text input in the app's format ("06 Dec 2026"): one Tab stop, whatever the
 * browser's locale. It hands over YYYY-MM-DD for a day, '' when empty, and the text itself when it is
 * no day, for the form's own check to name; the typed text is tidied into the app's format on blur.
 */
function DayInput({
  value,
  onChange,
  ...aria
}: {
  id: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  'aria-invalid'?: true;
  'aria-describedby'?: string;
  required?: boolean;
}) {
  const [text, setText] = useState(() => showDay(value));
  const [shown, setShown] = useState(value);
  // A value set from outside (a reset, the URL) replaces what was typed.
  if (value !== shown && value !== (parseDay(text) ?? text)) {
    setShown(value);
    setText(showDay(value));
  }
  return (
    <input
      {...aria}
      type="text"
      inputMode="text"
      autoComplete="off"
      placeholder="e.g. 06 Dec 2026"
      value={text}
      onChange={(event) => {
        const typed = event.target.value;
        const day = parseDay(typed) ?? typed.trim();
        setText(typed);
        setShown(day);
        onChange(day);
      }}
      onBlur={() => setText(showDay(parseDay(text) ?? text))}
    />
  );
}

interface TextAreaFieldProps {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  hint?: string;
  required?: boolean;
  optional?: boolean;
  rows?: number;
  maxLength?: number;
  monospace?: boolean;
}

export function TextAreaField({
  label,
  error,
  hint,
  required,
  optional,
  onChange,
  monospace,
  ...input
}: TextAreaFieldProps) {
  return (
    <FieldShell label={label} error={error} hint={hint} required={required} optional={optional}>
      {(aria) => (
        <textarea
          {...aria}
          {...input}
          className={monospace ? 'monospace' : undefined}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </FieldShell>
  );
}

interface SelectFieldProps {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  options: Array<{ value: string; label: string }>;
  error?: string;
  hint?: string;
  required?: boolean;
  optional?: boolean;
}

export function SelectField({
  label,
  error,
  hint,
  required,
  optional,
  onChange,
  options,
  ...select
}: SelectFieldProps) {
  return (
    <FieldShell label={label} error={error} hint={hint} required={required} optional={optional}>
      {(aria) => (
        <select {...aria} {...select} onChange={(e) => onChange(e.target.value)}>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </FieldShell>
  );
}
