import { useState } from 'react';
import { api } from '../../api/client.js';
import type { Page, User } from '../../api/types.js';
import { Card, CardTable, EmptyState, ErrorMessage, Field, FormActions, LoadStatus, NewPasswordField, PageHeader, TextField } from '../../components/ui.js';
import { useApiData } from '../../components/use-api-data.js';
import { useSubmit } from '../../components/use-submit.js';
import { formatDate, roleLabel } from '../../format.js';
import { useSession } from '../../session/session.js';

/** The organization's people and their roles; owners and admins add teammates. */
export function TeamPage() {
  const { user: me } = useSession();
  const team = useApiData((signal) => api.get<Page<User>>('/users', { signal }), []);
  const [added, setAdded] = useState<User | null>(null);

  return (
    <>
      <PageHeader title="Team" subtitle="Admins manage settings and may opt contacts back in when they ask; agents text, call and opt contacts out." />
      <LoadStatus source={team} errorTitle="Could not load the team." loadingLabel="Loading team…" />
      {team.data && team.data.items.length === 0 ? <EmptyState title="No one here yet." /> : null}
      {team.data && team.data.items.length > 0 ? (
        <CardTable caption="Team members" columns={['Name', 'Email', 'Role', 'Added']}>
          {team.data.items.map((user) => (
            <tr key={user.id}>
              <td data-label="Name">
                {user.name}
                {user.id === me.id ? <span className="muted"> (you)</span> : null}
              </td>
              <td data-label="Email">{user.email}</td>
              <td data-label="Role">
                <span className={`badge badge-role-${user.role}`}>{roleLabel(user.role)}</span>
              </td>
              <td data-label="Added">{formatDate(user.createdAt)}</td>
            </tr>
          ))}
        </CardTable>
      ) : null}

      <Card headingId="invite-heading" title="Add a teammate" className="section">
        <InviteForm
          onAdded={(user) => {
            setAdded(user);
            team.setData((current) => (current ? { ...current, items: [...current.items, user] } : current));
          }}
        />
        {added ? (
          <p className="text-ok" role="status">
            {added.name} was added as {roleLabel(added.role).toLowerCase()}. Give them their email and the password you chose; they can log in now.
          </p>
        ) : null}
      </Card>
    </>
  );
}

function InviteForm({ onAdded }: { onAdded(user: User): void }) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<'agent' | 'admin'>('agent');
  const { busy, error, submit } = useSubmit();
  const invite = submit(async () => {
    const user = await api.post<User>('/users', { name: name.trim(), email: email.trim(), password, role });
    setName('');
    setEmail('');
    setPassword('');
    setRole('agent');
    onAdded(user);
  });

  return (
    <form className="form" onSubmit={invite}>
      <div className="grid-2">
        <TextField label="Name" id="invite-name" required maxLength={200} autoComplete="off" value={name} onValue={setName} />
        <TextField label="Email" id="invite-email" type="email" required maxLength={254} autoComplete="off" value={email} onValue={setEmail} />
        <NewPasswordField label="Temporary password" id="invite-password" hint="At least 8 characters. Share it with them privately." value={password} onValue={setPassword} />
        <Field label="Role" htmlFor="invite-role">
          <select id="invite-role" value={role} onChange={(e) => setRole(e.target.value === 'admin' ? 'admin' : 'agent')}>
            <option value="agent">Agent — texts, calls, opts contacts out</option>
            <option value="admin">Admin — also settings, team, keys and opt-ins</option>
          </select>
        </Field>
      </div>
      <ErrorMessage error={error} />
      <FormActions busy={busy} busyLabel="Adding…">
        Add teammate
      </FormActions>
    </form>
  );
}
