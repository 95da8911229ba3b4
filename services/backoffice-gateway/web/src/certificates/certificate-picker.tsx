import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../api/api';
import type { CertificateSummary } from '../api/api-types';
import { FieldShell } from '../ui/fields';

/** Options shown at once: the search is the server's, so typing more of the alias narrows any number of certificates. */
const SHOWN = 20;
const TYPING_PAUSE_MS = 200;

const optionLabel = (c: CertificateSummary) =>
  c.accessState === 'expired' ? `${c.alias} (CA access expired)` : c.alias;

function useDebounced(value: string): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [value]);
  return settled;
}

/**
 * A certificate chosen by typing part of its alias: a WAI-ARIA combobox (an editable input with a
 * listbox popup, list autocomplete). Arrow keys move through the options, Enter chooses, Escape closes
 * the list (or clears the text when it is closed). `value` is the chosen certificate's id; one given
 * from outside (opened from a certificate) shows its alias.
 */
export function CertificatePicker({
  label,
  value,
  onChange,
  error,
  hint,
  required,
}: {
  label: string;
  value: string;
  onChange: (certificateId: string) => void;
  error?: string;
  hint?: string;
  required?: boolean;
}) {
  const listId = useId();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const term = useDebounced(text.trim());
  const preselected = useQuery({
    queryKey: ['certificate', value],
    queryFn: () => api.getCertificate(value),
    enabled: Boolean(value) && !text,
  });
  // The alias shown for the chosen certificate: cleared when the choice is cleared from outside (a
  // "Clear filters" link), kept when the operator is typing another one.
  const shownAlias = useRef<string>(undefined);
  useEffect(() => {
    if (value && !text && preselected.data) {
      shownAlias.current = preselected.data.alias;
      setText(preselected.data.alias);
    }
  }, [value, text, preselected.data]);
  useEffect(() => {
    if (value) return;
    if (shownAlias.current !== undefined && text === shownAlias.current) setText('');
    shownAlias.current = undefined;
    // Only a change of the choice itself clears the text, not the typing.
  }, [value]);
  const choices = useQuery({
    queryKey: ['certificates', 'picker', term],
    queryFn: () =>
      api.listCertificates({ alias: term || undefined, sort: 'alias', order: 'asc', page: 1, pageSize: SHOWN }),
    enabled: open,
    placeholderData: keepPreviousData,
  });
  const items = choices.data?.items ?? [];
  const more = (choices.data?.total ?? 0) - items.length;
  const optionId = (index: number) => `${listId}-option-${index}`;

  const choose = (certificate: CertificateSummary) => {
    shownAlias.current = certificate.alias;
    setText(certificate.alias);
    setOpen(false);
    setActive(-1);
    onChange(certificate.id);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (!open) setOpen(true);
      const step = event.key === 'ArrowDown' ? 1 : -1;
      if (items.length > 0) setActive((current) => (current + step + items.length) % items.length);
    } else if (event.key === 'Enter' && open && active >= 0 && items[active]) {
      event.preventDefault();
      choose(items[active]);
    } else if (event.key === 'Escape') {
      if (open) setOpen(false);
      else {
        setText('');
        onChange('');
      }
      setActive(-1);
    }
  };

  return (
    <FieldShell label={label} error={error} hint={hint} required={required}>
      {(aria) => (
        <div className="combobox">
          <input
            {...aria}
            type="text"
            role="combobox"
            autoComplete="off"
            aria-autocomplete="list"
            aria-expanded={open}
            aria-controls={listId}
            aria-activedescendant={open && active >= 0 ? optionId(active) : undefined}
            placeholder="Type part of the alias"
            value={text}
            onChange={(event) => {
              setText(event.target.value);
              setOpen(true);
              setActive(-1);
              if (value) onChange('');
            }}
            onFocus={() => setOpen(true)}
            onClick={() => setOpen(true)}
            onBlur={() => setOpen(false)}
            onKeyDown={onKeyDown}
          />
          <ul id={listId} role="listbox" aria-label={`${label} choices`} className="combobox-list" hidden={!open}>
            {items.map((certificate, index) => (
              <li
                key={certificate.id}
                id={optionId(index)}
                role="option"
                aria-selected={index === active || certificate.id === value}
                className={index === active ? 'combobox-option combobox-option-active' : 'combobox-option'}
                // Chosen on mouse down, before the input's blur closes the list.
                onMouseDown={(event) => {
                  event.preventDefault();
                  choose(certificate);
                }}
              >
                {optionLabel(certificate)}
              </li>
            ))}
            {open && choices.isSuccess && items.length === 0 && (
              <li role="option" aria-disabled="true" aria-selected="false" className="combobox-note">
                No certificate’s alias contains “{term}”.
              </li>
            )}
            {open && more > 0 && (
              <li role="option" aria-disabled="true" aria-selected="false" className="combobox-note">
                {more} more: type more of the alias.
              </li>
            )}
          </ul>
        </div>
      )}
    </FieldShell>
  );
}
