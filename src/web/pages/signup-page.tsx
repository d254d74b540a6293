import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../api/client.js';
import type { Session, SignupResponse } from '../api/types.js';
import { CopyButton } from '../components/copy-button.js';
import { AuthCard } from '../components/auth-card.js';
import { ErrorMessage, NewPasswordField, SubmitButton, TextField, useDocumentTitle } from '../components/ui.js';
import { useSubmit } from '../components/use-submit.js';
import { useSessionContext } from '../session/session.js';

/** Creates an organization and its owner. On a fresh install this is the first page anyone sees. */
export function SignupPage({ firstRun }: { firstRun: boolean }) {
  const { signedIn } = useSessionContext();
  const [organization, setOrganization] = useState('');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  useDocumentTitle('Sign up');
  const { busy, error, submit } = useSubmit();
  const [created, setCreated] = useState<{ session: Session; apiKey: string } | null>(null);
  const signUp = submit(async () => {
    const answer = await api.post<SignupResponse>(
      '/signup',
      { organization: organization.trim(), name: name.trim(), email: email.trim(), password },
      { expectUnauthorized: true },
    );
    setCreated({ session: { user: answer.user, organization: { ...answer.organization }, csrfToken: answer.csrfToken }, apiKey: answer.apiKey });
  });

  if (created) {
    return (
      <main className="auth-page">
        <div className="auth-card auth-card-wide">
          <h1>Welcome to SalesPartner</h1>
          <p>
            <strong>{created.session.organization.name}</strong> is ready and you are logged in as its owner.
          </p>
          <h2 className="h3">Your first API key</h2>
          <p>Other systems use this key to call the API. It is shown only now: copy it somewhere safe. You can create and revoke keys later under Settings → API keys.</p>
          <div className="secret">
            <code aria-label="API key">{created.apiKey}</code>
            <CopyButton text={created.apiKey} />
          </div>
          <button type="button" className="button button-block" autoFocus onClick={() => signedIn(created.session)}>
            Continue to contacts
          </button>
        </div>
      </main>
    );
  }

  return (
    <AuthCard>
      <h1>{firstRun ? 'Set up SalesPartner' : 'Create an organization'}</h1>
      <p className="muted">{firstRun ? 'No one has signed up on this server yet. Create your organization and its owner account to begin.' : 'Start a new organization; you will be its owner.'}</p>
      <form onSubmit={signUp} className="form">
        <TextField
          label="Organization name"
          id="signup-organization"
          required
          maxLength={200}
          autoComplete="organization"
          value={organization}
          onValue={setOrganization}
          autoFocus
        />
        <TextField label="Your name" id="signup-name" required maxLength={200} autoComplete="name" value={name} onValue={setName} />
        <TextField label="Email" id="signup-email" type="email" required maxLength={254} autoComplete="email" value={email} onValue={setEmail} />
        <NewPasswordField label="Password" id="signup-password" hint="At least 8 characters." value={password} onValue={setPassword} />
        <ErrorMessage error={error} />
        <SubmitButton busy={busy} busyLabel="Creating…" className="button button-block">
          Create organization
        </SubmitButton>
      </form>
      <p className="auth-switch">
        Already have an account? <Link to="/login">Log in</Link>
      </p>
    </AuthCard>
  );
}
