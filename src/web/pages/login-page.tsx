import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../api/client.js';
import type { LoginResponse } from '../api/types.js';
import { AuthCard } from '../components/auth-card.js';
import { ErrorMessage, SubmitButton, TextField, useDocumentTitle } from '../components/ui.js';
import { useSubmit } from '../components/use-submit.js';
import { useSessionContext } from '../session/session.js';

export function LoginPage({ notice }: { notice: string | null }) {
  const { signedIn } = useSessionContext();
  const [params] = useSearchParams();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  useDocumentTitle('Log in');
  const { busy, error, submit } = useSubmit({ keepBusy: true });
  const logIn = submit(async () => {
    const answer = await api.post<LoginResponse>('/login', { email: email.trim(), password }, { expectUnauthorized: true });
    signedIn({ user: answer.user, organization: answer.organization, csrfToken: answer.csrfToken });
  });

  const next = params.get('next');
  return (
    <AuthCard>
      <h1>Log in</h1>
      {notice ? (
        <p className="callout callout-info" role="status">
          {notice}
        </p>
      ) : null}
      <form onSubmit={logIn} className="form">
        <TextField label="Email" id="login-email" type="email" autoComplete="username" required value={email} onValue={setEmail} autoFocus />
        <TextField label="Password" id="login-password" type="password" autoComplete="current-password" required value={password} onValue={setPassword} />
        <ErrorMessage error={error} />
        <SubmitButton busy={busy} busyLabel="Logging in…" className="button button-block">
          Log in
        </SubmitButton>
      </form>
      <p className="auth-switch">
        New to SalesPartner? <Link to={`/signup${next ? `?next=${encodeURIComponent(next)}` : ''}`}>Create an organization</Link>
      </p>
    </AuthCard>
  );
}
