import { Type } from 'typebox';
import { Nullable, Timestamp } from '../schemas.js';

export const WebhookEventType = Type.Enum(['consent.opted_out', 'consent.opted_in', 'review.created', 'review.decided']);

/** Never the secret: it is shown once, in the answer that created the endpoint. */
export const WebhookEndpoint = Type.Object({
  id: Type.String(),
  url: Type.String(),
  events: Type.Array(WebhookEventType),
  enabled: Type.Boolean(),
  description: Nullable(Type.String()),
  createdAt: Timestamp,
});

export const CreatedWebhookEndpoint = Type.Object({
  ...WebhookEndpoint.properties,
  secret: Type.String({ description: 'Signs every delivery (X-SalesPartner-Signature); shown only in this answer.' }),
});

/** "sending" is not a status: a delivery being sent is still pending until the receiver answers. */
export const WebhookDelivery = Type.Object({
  eventId: Type.String(),
  eventType: WebhookEventType,
  phone: Type.String(),
  attempt: Type.Integer(),
  status: Type.Enum(['pending', 'succeeded', 'failed']),
  responseStatus: Nullable(Type.Integer()),
  error: Nullable(Type.String()),
  nextAttemptAt: Nullable(Timestamp),
  lastAttemptAt: Nullable(Timestamp),
  deliveredAt: Nullable(Timestamp),
  createdAt: Timestamp,
});
