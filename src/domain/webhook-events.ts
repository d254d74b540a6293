import { createHmac } from 'node:crypto';

/** The events an organization's other systems can subscribe to. */
export const WEBHOOK_EVENT_TYPES = ['consent.opted_out', 'consent.opted_in', 'review.created', 'review.decided'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export function isWebhookEventType(value: string): value is WebhookEventType {
  return (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);
}

/** Who caused the change: a teammate, the contact (by text or keypress), the SMS provider, or the system. */
export type WebhookActor = { type: 'user'; id: string } | { type: 'contact' } | { type: 'provider' } | { type: 'system' };

export function webhookActor(actorUserId: string | null | undefined, source: string): WebhookActor {
  if (actorUserId) return { type: 'user', id: actorUserId };
  if (source === 'keyword' || source === 'phrase' || source === 'keypress') return { type: 'contact' };
  if (source === 'provider') return { type: 'provider' };
  return { type: 'system' };
}

/** The event's `data`, less `contactId` (found when the event is written, stored beside it). */
export interface WebhookEventData {
  phone: string;
  source: string | null;
  keyword: string | null;
  rule: string | null;
  reason: string | null;
  actor: WebhookActor;
  consentEventId: string | null;
  /** Review events: the reviewed reply, and (review.decided) the decision and note. */
  reviewItemId?: string;
  messageId?: string | null;
  deadline?: string;
  decision?: string;
  note?: string | null;
}

export interface WebhookEvent {
  id: string;
  type: WebhookEventType;
  createdAt: string;
  organizationId: string;
  contactId: string | null;
  data: WebhookEventData;
}

/**
 * The body sent for an event: the same bytes on every attempt, so a receiver
 * can de-duplicate by `id` and verify the signature over exactly what arrived.
 * `{id, type, createdAt, organizationId, data:{phone, contactId, source, keyword, rule, reason, actor, consentEventId, …}}`
 */
export function webhookBody(event: WebhookEvent): string {
  const { phone, ...rest } = event.data;
  return JSON.stringify({
    id: event.id,
    type: event.type,
    createdAt: event.createdAt,
    organizationId: event.organizationId,
    data: { phone, contactId: event.contactId, ...rest },
  });
}

/**
 * The signature header: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`,
 * keyed with the whole secret string (`whsec_…`) as UTF-8.
 */
export function webhookSignature(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`, 'utf8').digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

/** Retries go on for at least this long after the event (or a manual retry), then the delivery fails. */
export const WEBHOOK_RETRY_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * The wait before retry number `attempt` (1 after the first failure):
 * exponential from `baseMs`, capped at 3600 × base (an hour at the default
 * 1 s), with equal jitter — between half and all of it — so receivers coming
 * back from an outage are not hit by every sender at once.
 * E.g. base 1000: ~0.5–1 s, 1–2 s, 2–4 s, … then 30–60 min.
 */
export function webhookRetryDelayMs(baseMs: number, attempt: number, random: number): number {
  const ceiling = Math.min(baseMs * 2 ** Math.max(0, attempt - 1), baseMs * 3600);
  return Math.round(ceiling / 2 + random * (ceiling / 2));
}
