import { Navigate, NavLink, Outlet, useLocation } from 'react-router';
import type { Operator } from '../api/api-types';
import { useLogout } from '../session/session';
import { useLiveUpdates } from '../live/use-live-updates';
import { ROUTE_ANNOUNCER_ID } from './page-heading';

const liveLabels = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…' } as const;

/**
 * Viewers use the backoffice for their e-mails only (every other function is an issuer operator's):
 * they see the settings, and no live updates, which are about certificates.
 */
export function AppLayout({ operator }: { operator: Operator }) {
  const logout = useLogout();
  const isOperator = operator.role === 'issuer-operator';
  const live = useLiveUpdates(isOperator);
  const location = useLocation();
  if (!isOperator && location.pathname !== '/settings') return <Navigate to="/settings" replace />;
  return (
    <div className="app" data-live={live}>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="topbar">
        <p className="brand">
          Sign’Stash <span className="brand-sub">Backoffice</span>
        </p>
        <div className="operator">
          {isOperator && (
            <p className={`live-state live-${live}`} title="Pages update by themselves while live">
              <span className="visually-hidden">Updates: </span>
              {liveLabels[live]}
            </p>
          )}
          <p className="operator-name">
            <span className="visually-hidden">Signed in as </span>
            <strong>{operator.name}</strong>
            <span className="operator-issuer">{operator.issuerName}</span>
          </p>
          <button
            type="button"
            className="button button-secondary button-small"
            onClick={() => logout.mutate()}
            disabled={logout.isPending}
          >
            {logout.isPending ? 'Logging out…' : 'Log out'}
          </button>
        </div>
      </header>
      <div className="shell">
        <nav className="sidebar" aria-label="Main menu" data-menu>
          <ul>
            {isOperator && (
              <>
                <li>
                  <NavLink to="/attention">Needs attention</NavLink>
                </li>
                <li>
                  <NavLink to="/certificates">Certificates</NavLink>
                </li>
                <li>
                  <NavLink to="/client-services">Client services</NavLink>
                </li>
              </>
            )}
            <li>
              <NavLink to="/settings">Settings</NavLink>
            </li>
          </ul>
        </nav>
        {/* Says the page opened from the menu, where focus stays (see PageHeading). */}
        <p id={ROUTE_ANNOUNCER_ID} className="visually-hidden" role="status" />
        <main id="main" className="content" tabIndex={-1}>
          <Outlet />
        </main>
      </div>
    </div>
  );
}
