import { useState } from 'react';
import { api } from '../../api/client.js';
import type { CreatedWebhookEndpoint, Page, WebhookDelivery, WebhookEndpoint, WebhookEventType } from '../../api/types.js';
import { CopyButton } from '../../components/copy-button.js';
import { ConfirmDialog } from '../../components/confirm-dialog.js';
import { Card, CardTable, EmptyState, ErrorMessage, LoadStatus, PageHeader, SubmitButton } from '../../components/ui.js';
import { useApiData, useRefreshWhileVisible } from '../../components/use-api-data.js';
import { useSubmit } from '../../components/use-submit.js';
import { formatDateTime } from '../../format.js';

const EVENT_TYPES: { type: WebhookEventType; label: string }[] = [
  { type: 'consent.opted_out', label: 'Opted out' },
  { type: 'consent.opted_in', label: 'Opted in' },
  { type: 'review.created', label: 'Reply held for review' },
  { type: 'review.decided', label: 'Review decided' },
];

/** Webhook endpoints: other systems told of every consent change, signed; recent deliveries and their outcome. */
export function WebhooksPage() {
  const endpoints = useApiData((signal) => api.get<Page<WebhookEndpoint>>('/webhook-endpoints', { signal }), []);
  const [created, setCreated] = useState<CreatedWebhookEndpoint | null>(null);
  const [deleting, setDeleting] = useState<WebhookEndpoint | null>(null);

  return (
    <>
      <PageHeader
        title="Webhooks"
        subtitle="Your CRM, dialer and other systems hear about every opt-out, opt-in and review as it happens. Each request is signed with the endpoint's secret (X-SalesPartner-Signature); failed deliveries are retried for 24 hours."
      />
      <Card headingId="new-webhook-heading" title="Add an endpoint" className="section">
        <CreateEndpointForm
          onCreated={(endpoint) => {
            setCreated(endpoint);
            endpoints.reload();
          }}
        />
        {created ? (
          <div className="callout callout-warning" role="status">
            <p>
              <strong>Copy the signing secret for {created.url} now — it will not be shown again.</strong>
            </p>
            <div className="secret">
              <code aria-label="Signing secret">{created.secret}</code>
              <CopyButton text={created.secret} />
            </div>
            <button type="button" className="button button-small button-secondary" onClick={() => setCreated(null)}>
              I have copied it
            </button>
          </div>
        ) : null}
      </Card>

      <LoadStatus source={endpoints} errorTitle="Could not load the webhook endpoints." loadingLabel="Loading endpoints…" />
      {endpoints.data && endpoints.data.items.length === 0 ? <EmptyState title="No webhook endpoints yet." /> : null}
      {endpoints.data?.items.map((endpoint) => <EndpointCard key={endpoint.id} endpoint={endpoint} onDelete={() => setDeleting(endpoint)} />)}

      {deleting ? (
        <DeleteDialog
          endpoint={deleting}
          onClose={() => setDeleting(null)}
          onDeleted={() => {
            setDeleting(null);
            endpoints.reload();
          }}
        />
      ) : null}
    </>
  );
}

function CreateEndpointForm({ onCreated }: { onCreated(endpoint: CreatedWebhookEndpoint): void }) {
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<WebhookEventType[]>(EVENT_TYPES.map((e) => e.type));
  const { busy, error, submit } = useSubmit();
  const create = submit(async () => {
    onCreated(await api.post<CreatedWebhookEndpoint>('/webhook-endpoints', { url: url.trim(), events, description: description.trim() || null }));
    setUrl('');
    setDescription('');
  });

  return (
    <form className="form" onSubmit={create}>
      <div className="field">
        <label htmlFor="webhook-url">Endpoint URL</label>
        <input id="webhook-url" type="url" required maxLength={2000} placeholder="https://crm.example.com/hooks/opt-outs" value={url} onChange={(e) => setUrl(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="webhook-description">Description (optional)</label>
        <input id="webhook-description" maxLength={500} placeholder="e.g. CRM sync" value={description} onChange={(e) => setDescription(e.target.value)} />
      </div>
      <fieldset className="plain-fieldset">
        <legend className="label">Events</legend>
        <div className="checkbox-row">
          {EVENT_TYPES.map(({ type, label }) => (
            <label className="checkbox" key={type}>
              <input
                type="checkbox"
                checked={events.includes(type)}
                onChange={(e) => setEvents((current) => (e.target.checked ? [...current, type] : current.filter((t) => t !== type)))}
              />{' '}
              {label} <code>{type}</code>
            </label>
          ))}
        </div>
      </fieldset>
      <ErrorMessage error={error} />
      <div className="form-actions">
        <SubmitButton busy={busy} busyLabel="Adding…" disabled={events.length === 0}>
          Add endpoint
        </SubmitButton>
      </div>
    </form>
  );
}

function EndpointCard({ endpoint, onDelete }: { endpoint: WebhookEndpoint; onDelete(): void }) {
  const deliveries = useApiData((signal) => api.get<Page<WebhookDelivery>>(`/webhook-endpoints/${endpoint.id}/deliveries`, { signal, query: { limit: 20 } }), [endpoint.id]);
  useRefreshWhileVisible(deliveries.reload, 5000);
  const [retryError, setRetryError] = useState<unknown>(null);
  const headingId = `webhook-${endpoint.id}`;

  const retry = (delivery: WebhookDelivery) => {
    setRetryError(null);
    api.post<WebhookDelivery>(`/webhook-endpoints/${endpoint.id}/deliveries/${delivery.eventId}/retry`).then(
      (updated) => deliveries.setData((current) => (current ? { ...current, items: current.items.map((d) => (d.eventId === updated.eventId ? updated : d)) } : current)),
      setRetryError,
    );
  };

  return (
    <Card headingId={headingId} title={<code>{endpoint.url}</code>} className="section">
      <p className="muted">
        {endpoint.description ? `${endpoint.description} · ` : ''}
        {endpoint.events.join(', ')} · added {formatDateTime(endpoint.createdAt)}
      </p>
      <div className="form-actions">
        <button type="button" className="button button-small button-secondary" onClick={deliveries.reload}>
          Refresh deliveries
        </button>
        <button type="button" className="button button-small button-danger-outline" onClick={onDelete}>
          Delete<span className="visually-hidden"> {endpoint.url}</span>
        </button>
      </div>
      <ErrorMessage error={retryError} />
      <LoadStatus source={deliveries} errorTitle="Could not load the deliveries." loadingLabel="Loading deliveries…" />
      {deliveries.data && deliveries.data.items.length === 0 ? <p className="muted">No deliveries yet: they appear when a number opts out or in, or a reply is held for review.</p> : null}
      {deliveries.data && deliveries.data.items.length > 0 ? (
        <CardTable caption={`Recent deliveries to ${endpoint.url}`} columns={['Event', 'Number', 'Outcome', 'Attempts', 'Last answer', 'When']} refreshing={deliveries.loading}>
          {deliveries.data.items.map((delivery) => (
            <tr key={delivery.eventId}>
              <td data-label="Event">
                <code>{delivery.eventType}</code>
              </td>
              <td data-label="Number">{delivery.phone}</td>
              <td data-label="Outcome">
                <DeliveryOutcome delivery={delivery} />
                {delivery.status === 'failed' ? (
                  <>
                    {' '}
                    <button type="button" className="button button-small button-secondary" onClick={() => retry(delivery)}>
                      Retry<span className="visually-hidden"> {delivery.eventType} for {delivery.phone}</span>
                    </button>
                  </>
                ) : null}
              </td>
              <td data-label="Attempts">{delivery.attempt}</td>
              <td data-label="Last answer">{delivery.responseStatus ? `HTTP ${delivery.responseStatus}` : delivery.error ? <span className="muted">{delivery.error}</span> : <span className="muted">—</span>}</td>
              <td data-label="When">{formatDateTime(delivery.deliveredAt ?? delivery.lastAttemptAt ?? delivery.createdAt)}</td>
            </tr>
          ))}
        </CardTable>
      ) : null}
    </Card>
  );
}

function DeliveryOutcome({ delivery }: { delivery: WebhookDelivery }) {
  if (delivery.status === 'succeeded') return <span className="badge badge-ok">Delivered</span>;
  if (delivery.status === 'failed') return <span className="badge badge-danger">Failed</span>;
  return (
    <span className="badge badge-warning">
      {delivery.attempt === 0 ? 'Sending' : `Retrying${delivery.nextAttemptAt ? ` at ${formatDateTime(delivery.nextAttemptAt)}` : ''}`}
    </span>
  );
}

function DeleteDialog({ endpoint, onClose, onDeleted }: { endpoint: WebhookEndpoint; onClose(): void; onDeleted(): void }) {
  return (
    <ConfirmDialog title="Delete this webhook endpoint?" action="Delete endpoint" busyAction="Deleting…" run={() => api.delete<void>(`/webhook-endpoints/${endpoint.id}`)} onDone={onDeleted} onClose={onClose}>
      <p>
        Nothing more will be sent to <code>{endpoint.url}</code>; deliveries not yet made are dropped.
      </p>
    </ConfirmDialog>
  );
}
