import { useEffect, useRef, type ReactNode } from 'react';

const appName = "Sign'Stash Backoffice";
export const ROUTE_ANNOUNCER_ID = 'route-announcer';

/**
 * The page's h1: names the tab, and takes focus when it appears, as after a page load, so a keyboard
 * or screen-reader user starts on the new page. Except when the page was opened from the main menu:
 * focus stays on the menu entry (the next entries one Tab away, the page after them) and the page's
 * title is announced instead.
 */
export function PageHeading({ title, children }: { title: string; children?: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · ${appName}`;
  }, [title]);
  useEffect(() => {
    const active = document.activeElement;
    if (active instanceof HTMLElement && active.closest('nav[data-menu]')) {
      const announcer = document.getElementById(ROUTE_ANNOUNCER_ID);
      if (announcer) announcer.textContent = title;
      return;
    }
    ref.current?.focus({ preventScroll: true });
    // Only on arrival: a title that changes later (a renamed certificate) does not move focus again.
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1} className="page-title">
      {children ?? title}
    </h1>
  );
}
