import { useId, useState, type ReactNode } from 'react';
import { parseDay, showDay } from './day-text';

/** What every field takes: its name and value, and what the form says of it. */
interface FieldProps {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  hint?: string;
  required?: boolean;
  optional?: boolean;
}

/**
 * A form's fields by name, each with its value, its change and its error as the form keeps them:
 * `const field = boundFields(form, set, errors)`, then `<InputField label="Alias" {...field('alias')} />`.
 */
export const boundFields =
  <K extends string>(
    values: Record<K, string>,
    set: (name: K) => (value: string) => void,
    errors: Partial<Record<NoInfer<K>, string>>,
  ) =>
  (name: K) => ({ name, value: values[name], onChange: set(name), error: errors[name] });

type ShellProps = Pick<FieldProps, 'label' | 'error' | 'hint' | 'required' | 'optional'>;

interface FieldShellProps extends ShellProps {
  children: (props: {
    id: string;
    'aria-invalid'?: true;
    'aria-describedby'?: string;
    required?: boolean;
  }) => ReactNode;
}

/** A field's props split in two: what its shell shows (label, hint, error) and what its control takes. */
function shellAndControl<P extends ShellProps>({ label, error, hint, required, optional, ...control }: P) {
  return [{ label, error, hint, required, optional }, control] as const;
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

interface InputFieldProps extends FieldProps {
  type?: 'text' | 'email' | 'password' | 'date' | 'search';
  autoComplete?: string;
  maxLength?: number;
  min?: string;
  max?: string;
}

export function InputField({ onChange, ...props }: InputFieldProps) {
  const [shell, input] = shellAndControl(props);
  return (
    <FieldShell {...shell}>
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

interface TextAreaFieldProps extends FieldProps {
  rows?: number;
  maxLength?: number;
  monospace?: boolean;
}

export function TextAreaField({ onChange, monospace, ...props }: TextAreaFieldProps) {
  const [shell, input] = shellAndControl(props);
  return (
    <FieldShell {...shell}>
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

/** Why a status changes, as the history keeps it. */
export function ReasonField(props: Omit<TextAreaFieldProps, 'label' | 'name' | 'rows'>) {
  return <TextAreaField label="Reason" name="reason" rows={2} {...props} />;
}

interface SelectFieldProps extends FieldProps {
  options: Array<{ value: string; label: string }>;
}

export function SelectField({ onChange, options, ...props }: SelectFieldProps) {
  const [shell, select] = shellAndControl(props);
  return (
    <FieldShell {...shell}>
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
