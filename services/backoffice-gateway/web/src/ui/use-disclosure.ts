import { useRef, useState } from 'react';

/** Which inline form of a section is open; closing one gives focus back to the button that opened it. */
export function useDisclosure<K extends string>(onToggle?: () => void, initiallyOpen: K | null = null) {
  const [open, setOpen] = useState<K | null>(initiallyOpen);
  const triggers = useRef(new Map<K, HTMLButtonElement | null>());
  return {
    open,
    close: () => {
      const key = open;
      setOpen(null);
      if (key) requestAnimationFrame(() => triggers.current.get(key)?.focus());
    },
    /** Opens one form (from elsewhere than its button, e.g. a link that asks for it). */
    show: (key: K) => {
      onToggle?.();
      setOpen(key);
    },
    trigger: (key: K) => ({
      ref: (element: HTMLButtonElement | null) => {
        triggers.current.set(key, element);
      },
      'aria-expanded': open === key,
      onClick: () => {
        onToggle?.();
        setOpen((current) => (current === key ? null : key));
      },
    }),
  };
}
