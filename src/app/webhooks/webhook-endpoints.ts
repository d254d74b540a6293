import { randomBytes } from 'node:crypto';
import { AppError } from '../../domain/errors.js';
import { isWebhookEventType, WEBHOOK_EVENT_TYPES, type WebhookEventType } from '../../domain/webhook-events.js';
import type { Page } from '../../storage/pagination.js';
import {
  deleteWebhookEndpoint,
  findWebhookDeliveryOfEvent,
  findWebhookEndpoint,
  insertWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
  retryFailedWebhookDelivery,
} from '../../storage/repositories/webhooks.repository.js';
import type { WebhookDeliveryRow, WebhookEndpointRow } from '../../storage/schema.js';
import { nowIso, type AppDeps, type Principal } from '../context.js';
import { requireAdministrator } from '../policies.js';

/** An organization registers at most this many endpoints: each consent change writes one delivery per endpoint. */
export const MAX_WEBHOOK_ENDPOINTS = 10;

export interface NewWebhookEndpoint {
  url: string;
  events?: string[] | undefined;
  description?: string | null | undefined;
}

/** What the signing secret is bound to when encrypted at rest: a ciphertext moved to another row does not decrypt. */
export function webhookSecretContext(endpoint: Pick<WebhookEndpointRow, 'organization_id' | 'id'>): string {
  return `${endpoint.organization_id}:webhook:${endpoint.id}`;
}

/**
 * Registers an endpoint (owners and admins). The URL must be http(s) and
 * must not reach a private address; the signing secret is returned here
 * once and kept only encrypted.
 */
export async function createWebhookEndpoint(deps: AppDeps, principal: Principal, input: NewWebhookEndpoint): Promise<{ row: WebhookEndpointRow; secret: string }> {
  requireAdministrator(principal, 'manage webhooks');
  const url = input.url.trim();
  await deps.webhookSender.checkUrl(url);
  const events = normalizeEvents(input.events);
  const description = input.description?.trim() || null;
  if ((await listWebhookEndpoints(deps.db, principal.organizationId)).length >= MAX_WEBHOOK_ENDPOINTS) {
    throw new AppError('conflict', `An organization can have at most ${MAX_WEBHOOK_ENDPOINTS} webhook endpoints; delete one first.`);
  }
  const secret = `whsec_${randomBytes(24).toString('base64url')}`;
  const id = deps.newId();
  const row: WebhookEndpointRow = {
    id,
    organization_id: principal.organizationId,
    url,
    description,
    events: JSON.stringify(events),
    secret_ciphertext: deps.secrets.encrypt(secret, webhookSecretContext({ organization_id: principal.organizationId, id })),
    enabled: 1,
    created_by_user_id: principal.userId,
    created_at: nowIso(deps),
    deleted_at: null,
  };
  await insertWebhookEndpoint(deps.db, row);
  return { row, secret };
}

function normalizeEvents(events: string[] | undefined): WebhookEventType[] {
  if (events === undefined) return [...WEBHOOK_EVENT_TYPES];
  const unknown = events.find((event) => !isWebhookEventType(event));
  if (unknown !== undefined) throw new AppError('invalid_request', `events: "${unknown}" is not an event type; use ${WEBHOOK_EVENT_TYPES.join(', ')}.`, { field: 'events' });
  if (events.length === 0) throw new AppError('invalid_request', 'events: name at least one event type, or leave events out for all of them.', { field: 'events' });
  return WEBHOOK_EVENT_TYPES.filter((type) => events.includes(type));
}

export async function listOrganizationWebhookEndpoints(deps: AppDeps, principal: Principal): Promise<WebhookEndpointRow[]> {
  requireAdministrator(principal, 'manage webhooks');
  return listWebhookEndpoints(deps.db, principal.organizationId);
}

/** Stops sending to an endpoint; deliveries still pending fail, the history stays readable until then. */
export async function deleteOrganizationWebhookEndpoint(deps: AppDeps, principal: Principal, id: string): Promise<void> {
  requireAdministrator(principal, 'manage webhooks');
  const deleted = await deps.transact((trx) => deleteWebhookEndpoint(trx, principal.organizationId, id, nowIso(deps)));
  if (!deleted) throw new AppError('not_found', 'No such webhook endpoint in this organization.');
}

async function requireEndpoint(deps: AppDeps, principal: Principal, id: string): Promise<WebhookEndpointRow> {
  requireAdministrator(principal, 'manage webhooks');
  const endpoint = await findWebhookEndpoint(deps.db, principal.organizationId, id);
  if (!endpoint) throw new AppError('not_found', 'No such webhook endpoint in this organization.');
  return endpoint;
}

export async function listEndpointDeliveries(deps: AppDeps, principal: Principal, id: string, query: { limit: number; cursor?: string | undefined }): Promise<Page<WebhookDeliveryRow>> {
  const endpoint = await requireEndpoint(deps, principal, id);
  return listWebhookDeliveries(deps.db, endpoint.id, query.limit, query.cursor ?? null);
}

/** Sends a failed delivery again now, with a fresh 24-hour retry window. */
export async function retryEndpointDelivery(deps: AppDeps, principal: Principal, id: string, eventId: string): Promise<WebhookDeliveryRow> {
  const endpoint = await requireEndpoint(deps, principal, id);
  const delivery = await findWebhookDeliveryOfEvent(deps.db, endpoint.id, eventId);
  if (!delivery) throw new AppError('not_found', 'No delivery of this event to this endpoint.');
  if (!(await retryFailedWebhookDelivery(deps.db, endpoint.id, eventId, nowIso(deps)))) {
    throw new AppError('conflict', `Only a failed delivery can be retried; this one is ${delivery.status}.`);
  }
  deps.wakeWebhookWorker();
  return (await findWebhookDeliveryOfEvent(deps.db, endpoint.id, eventId))!;
}
