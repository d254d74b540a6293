import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app/context.js';
import {
  createWebhookEndpoint,
  deleteOrganizationWebhookEndpoint,
  listEndpointDeliveries,
  listOrganizationWebhookEndpoints,
  retryEndpointDelivery,
} from '../../app/webhooks/webhook-endpoints.js';
import { WEBHOOK_EVENT_TYPES } from '../../domain/webhook-events.js';
import { principalOf } from '../auth.js';
import { presentWebhookDelivery, presentWebhookEndpoint } from '../presenters.js';
import { CreatedWebhookEndpoint, WebhookDelivery, WebhookEndpoint } from '../presenters/webhooks.schema.js';
import { IdParams, ListQuery, OptionalText, Page, responses } from '../schemas.js';

export async function webhookEndpointRoutes(fastify: FastifyInstance, deps: AppDeps): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.post('/webhook-endpoints', {
    schema: {
      tags: ['Webhooks'],
      summary: 'Register a URL to receive consent events (owners and admins); the signing secret is shown only in this response.',
      body: Type.Object({
        url: Type.String({ minLength: 1, maxLength: 2000, description: 'http(s) URL; loopback, private and link-local addresses are refused unless WEBHOOK_ALLOW_PRIVATE=true.' }),
        events: Type.Optional(Type.Array(Type.String({ enum: [...WEBHOOK_EVENT_TYPES] }), { maxItems: 10, description: 'Event types to receive; all when left out.' })),
        description: OptionalText(500),
      }),
      response: responses({ 201: CreatedWebhookEndpoint }),
    },
  }, async (request, reply) => {
    const { row, secret } = await createWebhookEndpoint(deps, principalOf(request), request.body);
    return reply.status(201).send({ ...presentWebhookEndpoint(row), secret });
  });

  app.get('/webhook-endpoints', { schema: { response: responses({ 200: Page(WebhookEndpoint) }), tags: ['Webhooks'], summary: 'The organization\'s webhook endpoints (never their secrets).' } }, async (request) => {
    const endpoints = await listOrganizationWebhookEndpoints(deps, principalOf(request));
    return { items: endpoints.map(presentWebhookEndpoint), nextCursor: null };
  });

  app.delete('/webhook-endpoints/:id', { schema: { response: responses({ 204: Type.Null({ description: 'Stopped.' }) }), tags: ['Webhooks'], summary: 'Stop sending to an endpoint; its pending deliveries fail.', params: IdParams } }, async (request, reply) => {
    await deleteOrganizationWebhookEndpoint(deps, principalOf(request), request.params.id);
    return reply.status(204).send(null);
  });

  app.get('/webhook-endpoints/:id/deliveries', {
    schema: { response: responses({ 200: Page(WebhookDelivery) }), tags: ['Webhooks'], summary: 'The endpoint\'s deliveries, newest first, with their attempts and outcome.', params: IdParams, querystring: Type.Object(ListQuery) },
  }, async (request) => {
    const page = await listEndpointDeliveries(deps, principalOf(request), request.params.id, { limit: request.query.limit ?? 50, cursor: request.query.cursor });
    return { items: page.items.map(presentWebhookDelivery), nextCursor: page.nextCursor };
  });

  app.post('/webhook-endpoints/:id/deliveries/:eventId/retry', {
    schema: {
      tags: ['Webhooks'],
      summary: 'Send a failed delivery again now (retries then continue for another 24 hours).',
      params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }), eventId: Type.String({ minLength: 1, maxLength: 64 }) }),
      response: responses({ 200: WebhookDelivery }),
    },
  }, async (request) => {
    return presentWebhookDelivery(await retryEndpointDelivery(deps, principalOf(request), request.params.id, request.params.eventId));
  });
}
