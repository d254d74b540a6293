import type { ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation, useSearchParams } from 'react-router-dom';
import { AppLayout, SettingsLayout } from './components/layout.js';
import { ErrorMessage, Loading } from './components/ui.js';
import { LoginPage } from './pages/login-page.js';
import { NotFoundPage } from './pages/not-found-page.js';
import { SignupPage } from './pages/signup-page.js';
import { MAIN_PAGES, SETTINGS_PAGES } from './routes.js';
import { useSession, useSessionContext } from './session/session.js';

export function App() {
  const { state, retry } = useSessionContext();

  if (state.status === 'loading') {
    return (
      <main className="page page-center">
        <Loading label="Loading SalesPartner…" />
      </main>
    );
  }
  if (state.status === 'error') {
    return (
      <main className="page page-narrow">
        <h1>SalesPartner</h1>
        <ErrorMessage title="Could not load the app." error={state.message} onRetry={retry} />
      </main>
    );
  }
  if (state.status === 'signed-out') {
    return (
      <Routes>
        <Route path="/login" element={<LoginPage notice={state.notice} />} />
        <Route path="/signup" element={<SignupPage firstRun={!state.hasUsers} />} />
        <Route path="*" element={<RedirectToSignIn hasUsers={state.hasUsers} />} />
      </Routes>
    );
  }
  return (
    <AppLayout>
      <Routes>
        <Route path="/" element={<Navigate to="/contacts" replace />} />
        <Route path="/login" element={<AfterSignIn />} />
        <Route path="/signup" element={<AfterSignIn />} />
        {MAIN_PAGES.map((page) => (
          <Route key={page.path} path={page.path} element={<Guard adminOnly={page.adminOnly}>{page.element}</Guard>} />
        ))}
        <Route path="/settings" element={<Navigate to={SETTINGS_PAGES[0]!.path} replace />} />
        {SETTINGS_PAGES.map((page) => (
          <Route
            key={page.path}
            path={page.path}
            element={
              <SettingsLayout>
                <Guard adminOnly={page.adminOnly}>{page.element}</Guard>
              </SettingsLayout>
            }
          />
        ))}
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </AppLayout>
  );
}

function Guard({ adminOnly, children }: { adminOnly?: boolean | undefined; children: ReactNode }) {
  const { isAdmin } = useSession();
  if (adminOnly && !isAdmin) {
    return <ErrorMessage error="Only owners and admins can open this page. Ask one of them if you need access." />;
  }
  return <>{children}</>;
}

/** A signed-out visitor to any page is sent to log in (or, on a fresh install, to sign up), and back afterwards. */
function RedirectToSignIn({ hasUsers }: { hasUsers: boolean }) {
  const location = useLocation();
  const next = location.pathname === '/' ? '' : `?next=${encodeURIComponent(location.pathname + location.search)}`;
  return <Navigate to={`${hasUsers ? '/login' : '/signup'}${next}`} replace />;
}

function AfterSignIn() {
  const [params] = useSearchParams();
  const next = params.get('next');
  // Only same-site paths: never an absolute or protocol-relative URL.
  const target = next && next.startsWith('/') && !next.startsWith('//') ? next : '/contacts';
  return <Navigate to={target} replace />;
}
