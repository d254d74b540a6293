import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../api/client.js';
import type { Organization, User } from '../api/types.js';
import { ErrorMessage, useDocumentTitle } from '../components/ui.js';
import { useSessionContext } from '../session/session.js';

interface LoginResponse {
  user: User;
  organization: Organization;
  csrfToken: string;
}

export function LoginPage({ notice }: { notice: string | null }) {
  const { signedIn } = useSessionContext();
  const [params] = useSearchParams();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  useDocumentTitle('Log in');
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const answer = await api.post<LoginResponse>('/login', { email: email.trim(), password }, { expectUnauthorized: true });
      signedIn({ user: answer.user, organization: answer.organization, csrfToken: answer.csrfToken });
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  }

  const next = params.get('next');
  return (
    <main className="auth-page">
      <div className="auth-card">
        <div className="auth-brand">
          <span className="brand-mark" aria-hidden="true">
            SP
          </span>
          SalesPartner
        </div>
        <h1>Log in</h1>
        {notice ? (
          <p className="callout callout-info" role="status">
            {notice}
          </p>
        ) : null}
        <form onSubmit={submit} className="form">
          <div className="field">
            <label htmlFor="login-email">Email</label>
            <input id="login-email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />
          </div>
          <div className="field">
            <label htmlFor="login-password">Password</label>
            <input id="login-password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
          </div>
          <ErrorMessage error={error} />
          <button type="submit" className="button button-block" disabled={busy}>
            {busy ? 'Logging in…' : 'Log in'}
          </button>
        </form>
        <p className="auth-switch">
          New to SalesPartner? <Link to={`/signup${next ? `?next=${encodeURIComponent(next)}` : ''}`}>Create an organization</Link>
        </p>
      </div>
    </main>
  );
}
