import type { Static } from 'typebox';
import type { WebhookDeliveryRow, WebhookEndpointRow } from '../../app/read-models.js';
import type { WebhookDelivery, WebhookEndpoint, WebhookEventType } from './webhooks.schema.js';

/** Never the secret: it is shown once, in the answer that created the endpoint. */
export function presentWebhookEndpoint(row: WebhookEndpointRow): Static<typeof WebhookEndpoint> {
  return {
    id: row.id,
    url: row.url,
    events: JSON.parse(row.events) as Static<typeof WebhookEventType>[],
    enabled: row.enabled === 1,
    description: row.description,
    createdAt: row.created_at,
  };
}

/** "sending" is not a status: a delivery being sent is still pending until the receiver answers. */
export function presentWebhookDelivery(row: WebhookDeliveryRow): Static<typeof WebhookDelivery> {
  return {
    eventId: row.event_id,
    eventType: row.event_type as Static<typeof WebhookEventType>,
    phone: row.phone,
    attempt: row.attempts,
    status: row.status,
    responseStatus: row.response_status,
    error: row.error,
    nextAttemptAt: row.status === 'pending' ? row.next_attempt_at : null,
    lastAttemptAt: row.last_attempt_at,
    deliveredAt: row.delivered_at,
    createdAt: row.event_created_at,
  };
}
