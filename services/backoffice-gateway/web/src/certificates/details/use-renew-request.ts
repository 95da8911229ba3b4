import { useEffect, useState, type RefObject } from 'react';
import { useSearchParams } from 'react-router';

/** The link that asks for the renewal form: the alert's and the dashboard's "Renew CA access". */
export const RENEW_REQUEST = '?renew=1';

/**
 * `?renew=1` opens the renewal form at once and puts focus in it, then leaves the URL (so a reload
 * or the next "Renew CA access" link asks again rather than finding it already there).
 */
export function useRenewRequest(open: () => void, isOpen: boolean, section: RefObject<HTMLElement | null>) {
  const [params, setParams] = useSearchParams();
  const asked = params.has('renew');
  const [focusPending, setFocusPending] = useState(false);
  useEffect(() => {
    if (!asked) return;
    open();
    setFocusPending(true);
    setParams(
      (current) => {
        current.delete('renew');
        return current;
      },
      { replace: true },
    );
  }, [asked]);
  useEffect(() => {
    if (!focusPending || !isOpen) return;
    setFocusPending(false);
    section.current?.scrollIntoView({ block: 'start' });
    section.current?.querySelector('form')?.querySelector<HTMLElement>('input, select, textarea, button')?.focus();
  }, [focusPending, isOpen, section]);
}
