import { useState } from 'react';
import { api } from '../../api/client.js';
import type { ApiKey, CreatedApiKey, Page } from '../../api/types.js';
import { CopyButton } from '../../components/copy-button.js';
import { ConfirmDialog } from '../../components/confirm-dialog.js';
import { Card, CardTable, EmptyState, ErrorMessage, LoadStatus, PageHeader, SubmitButton } from '../../components/ui.js';
import { useApiData } from '../../components/use-api-data.js';
import { useSubmit } from '../../components/use-submit.js';
import { formatDateTime } from '../../format.js';

/** API keys for the organization's other systems: created here (shown once) and revoked here. */
export function ApiKeysPage() {
  const keys = useApiData((signal) => api.get<Page<ApiKey>>('/api-keys', { signal }), []);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);

  return (
    <>
      <PageHeader
        title="API keys"
        subtitle={
          <>
            Your CRM and other systems call the API with <code>Authorization: Bearer &lt;key&gt;</code>. See the <a href="/docs">API reference</a>.
          </>
        }
      />
      <Card headingId="new-key-heading" title="Create a key" className="section">
        <CreateKeyForm
          onCreated={(key) => {
            setCreated(key);
            keys.reload();
          }}
        />
        {created ? (
          <div className="callout callout-warning" role="status">
            <p>
              <strong>Copy the key “{created.name}” now — it will not be shown again.</strong>
            </p>
            <div className="secret">
              <code aria-label="New API key">{created.key}</code>
              <CopyButton text={created.key} />
            </div>
            <button type="button" className="button button-small button-secondary" onClick={() => setCreated(null)}>
              I have copied it
            </button>
          </div>
        ) : null}
      </Card>

      <LoadStatus source={keys} errorTitle="Could not load the API keys." loadingLabel="Loading keys…" />
      {keys.data && keys.data.items.length === 0 ? <EmptyState title="No API keys yet." /> : null}
      {keys.data && keys.data.items.length > 0 ? (
        <CardTable caption="API keys" columns={['Name', 'Key starts with', 'Created', 'Last used', 'Status']}>
          {keys.data.items.map((key) => (
            <tr key={key.id}>
              <td data-label="Name">{key.name}</td>
              <td data-label="Key starts with">
                <code>{key.prefix}…</code>
              </td>
              <td data-label="Created">{formatDateTime(key.createdAt)}</td>
              <td data-label="Last used">{key.lastUsedAt ? formatDateTime(key.lastUsedAt) : <span className="muted">Never</span>}</td>
              <td data-label="Status">
                {key.revokedAt ? (
                  <span className="muted">Revoked {formatDateTime(key.revokedAt)}</span>
                ) : (
                  <button type="button" className="button button-small button-danger-outline" onClick={() => setRevoking(key)}>
                    Revoke<span className="visually-hidden"> {key.name}</span>
                  </button>
                )}
              </td>
            </tr>
          ))}
        </CardTable>
      ) : null}

      {revoking ? (
        <RevokeDialog
          apiKey={revoking}
          onClose={() => setRevoking(null)}
          onRevoked={(key) => {
            setRevoking(null);
            keys.setData((current) => (current ? { ...current, items: current.items.map((k) => (k.id === key.id ? key : k)) } : current));
          }}
        />
      ) : null}
    </>
  );
}

function CreateKeyForm({ onCreated }: { onCreated(key: CreatedApiKey): void }) {
  const [name, setName] = useState('');
  const { busy, error, submit } = useSubmit();
  const create = submit(async () => {
    onCreated(await api.post<CreatedApiKey>('/api-keys', { name: name.trim() }));
    setName('');
  });

  return (
    <form className="inline-form" onSubmit={create}>
      <label htmlFor="key-name">Key name</label>
      <input id="key-name" required maxLength={200} placeholder="e.g. CRM sync" value={name} onChange={(e) => setName(e.target.value)} />
      <SubmitButton busy={busy} busyLabel="Creating…">
        Create key
      </SubmitButton>
      <ErrorMessage error={error} />
    </form>
  );
}

function RevokeDialog({ apiKey, onClose, onRevoked }: { apiKey: ApiKey; onClose(): void; onRevoked(key: ApiKey): void }) {
  return (
    <ConfirmDialog title={`Revoke “${apiKey.name}”?`} action="Revoke key" busyAction="Revoking…" run={() => api.delete<ApiKey>(`/api-keys/${apiKey.id}`)} onDone={onRevoked} onClose={onClose}>
      <p>Anything still using this key will be refused from now on. This cannot be undone; create a new key if you need one.</p>
    </ConfirmDialog>
  );
}
