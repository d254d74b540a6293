import { useState, type ReactNode } from 'react';
import { NavLink, useLocation } from 'react-router-dom';
import { MAIN_PAGES, SETTINGS_PAGES } from '../routes.js';
import { roleLabel } from '../format.js';
import { useSession, useSessionContext } from '../session/session.js';
import { ErrorBoundary } from './error-boundary.js';

/** The signed-in frame: top navigation, who is logged in, and the page. */
export function AppLayout({ children }: { children: ReactNode }) {
  const { user, organization } = useSession();
  const { logOut } = useSessionContext();
  const location = useLocation();
  const [loggingOut, setLoggingOut] = useState(false);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <div className="topbar-inner">
          <NavLink to="/contacts" className="brand" aria-label="SalesPartner home">
            <span className="brand-mark" aria-hidden="true">
              SP
            </span>
            <span className="brand-name">SalesPartner</span>
          </NavLink>
          <nav className="main-nav" aria-label="Main">
            {MAIN_PAGES.filter((page) => page.navLabel).map((page) => (
              <NavLink key={page.path} to={page.path} className="nav-link">
                {page.navShortLabel ? (
                  <>
                    <span className="nav-label-long">{page.navLabel}</span>
                    <span className="nav-label-short">{page.navShortLabel}</span>
                  </>
                ) : (
                  page.navLabel
                )}
                {page.navBadge}
              </NavLink>
            ))}
            <NavLink to="/settings" className={() => `nav-link${location.pathname.startsWith('/settings') ? ' active' : ''}`}>
              Settings
            </NavLink>
          </nav>
          <div className="account">
            <span className="account-who">
              <span className="account-name">{user.name}</span>
              <span className="account-org">
                {organization.name} · {roleLabel(user.role)}
              </span>
            </span>
            <button
              type="button"
              className="button button-small button-secondary"
              disabled={loggingOut}
              onClick={() => {
                setLoggingOut(true);
                void logOut().finally(() => setLoggingOut(false));
              }}
            >
              Log out
            </button>
          </div>
        </div>
      </header>
      <main id="main" className="page" tabIndex={-1}>
        <ErrorBoundary key={location.pathname}>{children}</ErrorBoundary>
      </main>
    </div>
  );
}

/** Settings pages share a side menu listing the sections this user may open. */
export function SettingsLayout({ children }: { children: ReactNode }) {
  const { isAdmin } = useSession();
  return (
    <div className="settings">
      <nav className="settings-nav" aria-label="Settings">
        <h2 className="settings-nav-title">Settings</h2>
        {SETTINGS_PAGES.filter((page) => page.navLabel && (isAdmin || !page.adminOnly)).map((page) => (
          <NavLink key={page.path} to={page.path} className="settings-nav-link">
            {page.navLabel}
          </NavLink>
        ))}
      </nav>
      <div className="settings-content">{children}</div>
    </div>
  );
}
