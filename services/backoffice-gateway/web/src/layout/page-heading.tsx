import { useEffect, useRef, type ReactNode } from 'react';

const appName = "Sign'Stash Backoffice";

/** The page's h1: names the tab and takes focus after a client-side navigation, as a page load would. */
export function PageHeading({ title, children }: { title: string; children?: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · ${appName}`;
    ref.current?.focus({ preventScroll: true });
  }, [title]);
  return (
    <h1 ref={ref} tabIndex={-1} className="page-title">
      {children ?? title}
    </h1>
  );
}
