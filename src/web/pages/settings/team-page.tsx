import { useState } from 'react';
import { api } from '../../api/client.js';
import type { Page, User } from '../../api/types.js';
import { Card, CardTable, EmptyState, ErrorMessage, Field, FormActions, LoadStatus, NewPasswordField, PageHeader, TextField } from '../../components/ui.js';
import { ConfirmDialog } from '../../components/confirm-dialog.js';
import { useApiData } from '../../components/use-api-data.js';
import { useSubmit } from '../../components/use-submit.js';
import { formatDate, formatPhone, roleLabel } from '../../format.js';
import { useSession } from '../../session/session.js';

/** The organization's people and their roles; owners and admins add teammates. */
export function TeamPage() {
  const { user: me } = useSession();
  const team = useApiData((signal) => api.get<Page<User>>('/users', { signal }), []);
  const [added, setAdded] = useState<User | null>(null);
  const [removing, setRemoving] = useState<User | null>(null);
  const [removed, setRemoved] = useState<User | null>(null);
  const isOwner = me.role === 'owner';

  return (
    <>
      <PageHeader title="Team" subtitle="Admins manage settings and may opt contacts back in when they ask; agents text, call and opt contacts out." />
      <LoadStatus source={team} errorTitle="Could not load the team." loadingLabel="Loading team…" />
      {team.data && team.data.items.length === 0 ? <EmptyState title="No one here yet." /> : null}
      {team.data && team.data.items.length > 0 ? (
        <CardTable caption="Team members" columns={isOwner ? ['Name', 'Email', 'Phone for calls', 'Role', 'Added', ''] : ['Name', 'Email', 'Phone for calls', 'Role', 'Added']}>
          {team.data.items.map((user) => (
            <tr key={user.id}>
              <td data-label="Name">
                {user.name}
                {user.id === me.id ? <span className="muted"> (you)</span> : null}
              </td>
              <td data-label="Email">{user.email}</td>
              <td data-label="Phone for calls">{user.phone ? formatPhone(user.phone) : <span className="muted">—</span>}</td>
              <td data-label="Role">
                <span className={`badge badge-role-${user.role}`}>{roleLabel(user.role)}</span>
              </td>
              <td data-label="Added">{formatDate(user.createdAt)}</td>
              {isOwner ? (
                <td data-label="">
                  {user.id !== me.id && user.role !== 'owner' ? (
                    <button type="button" className="button button-small button-danger-outline" onClick={() => setRemoving(user)}>
                      Remove<span className="visually-hidden"> {user.name}</span>
                    </button>
                  ) : null}
                </td>
              ) : null}
            </tr>
          ))}
        </CardTable>
      ) : null}

      {removed ? (
        <p className="text-ok" role="status">
          {removed.name} was removed: their sessions have ended and their API keys are revoked. What they did keeps their name.
        </p>
      ) : null}
      {removing ? (
        <RemoveDialog
          user={removing}
          onClose={() => setRemoving(null)}
          onRemoved={(user) => {
            setRemoving(null);
            setRemoved(user);
            team.setData((current) => (current ? { ...current, items: current.items.filter((u) => u.id !== user.id) } : current));
          }}
        />
      ) : null}
      <Card headingId="my-phone-heading" title="Your phone for calls" className="section">
        <MyPhoneForm
          current={team.data?.items.find((user) => user.id === me.id)?.phone ?? null}
          onSaved={(user) => team.setData((current) => (current ? { ...current, items: current.items.map((u) => (u.id === user.id ? { ...u, phone: user.phone ?? null } : u)) } : current))}
        />
      </Card>

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

/** Each user's own phone: "Call" on a contact rings it first, then connects the contact. */
function MyPhoneForm({ current, onSaved }: { current: string | null; onSaved(user: User): void }) {
  const [phone, setPhone] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const { busy, error, submit } = useSubmit();
  const value = phone ?? current ?? '';
  const save = submit(async () => {
    const user = await api.patch<User>('/users/me', { phone: value.trim() || null });
    setPhone(null);
    setSaved(true);
    onSaved(user);
  });
  return (
    <form className="form" onSubmit={save}>
      <TextField
        label="Your phone"
        id="my-phone"
        type="tel"
        maxLength={40}
        autoComplete="tel"
        hint="When you press Call on a contact, this phone rings first; answer it and the contact is dialled from your organization’s number."
        value={value}
        onValue={(next) => {
          setSaved(false);
          setPhone(next);
        }}
      />
      <ErrorMessage error={error} />
      {saved ? (
        <p className="text-ok" role="status">
          Saved.
        </p>
      ) : null}
      <FormActions busy={busy} busyLabel="Saving…">
        Save phone
      </FormActions>
    </form>
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

function RemoveDialog({ user, onClose, onRemoved }: { user: User; onClose(): void; onRemoved(user: User): void }) {
  return (
    <ConfirmDialog title={`Remove ${user.name}?`} action="Remove teammate" busyAction="Removing…" run={() => api.delete<User>(`/users/${user.id}`)} onDone={onRemoved} onClose={onClose}>
      <p>They are logged out everywhere at once, every API key they created stops working, and they cannot log in again. Their name stays on everything they did.</p>
    </ConfirmDialog>
  );
}
