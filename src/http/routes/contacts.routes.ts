import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { createContact, getContact, listContacts, updateContactDetails } from '../../app/contacts/contacts.js';
import { listContactConversation } from '../../app/conversations/list-conversation.js';
import { optInContact, optOutContact } from '../../app/consent/manual-consent.js';
import type { AppDeps } from '../../app/context.js';
import { listContactConsentEvents } from '../../app/ledger/ledger.js';
import { principalOf } from '../auth.js';
import { presentConsentEvent, presentContact, presentConversationEntry } from '../presenters.js';
import { Contact } from '../presenters/contacts.schema.js';
import { ConsentEvent, ConversationItem } from '../presenters/conversation.schema.js';
import { IdParams, ListQuery, OptionalText, Page, PhoneInput, responses } from '../schemas.js';

const Tags = Type.Array(Type.String({ maxLength: 100 }), { maxItems: 50 });

export async function contactRoutes(fastify: FastifyInstance, deps: AppDeps): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.post('/contacts', {
    schema: {
      tags: ['Contacts'],
      summary: 'Add a contact; 409 conflict when the organization already has one with this phone.',
      body: Type.Object({ name: OptionalText(200), phone: PhoneInput, email: OptionalText(254), notes: OptionalText(10_000), tags: Type.Optional(Tags) }),
      response: responses({ 201: Contact }),
    },
  }, async (request, reply) => {
    const contact = await createContact(deps, principalOf(request), request.body);
    return reply.status(201).send(presentContact(contact));
  });

  app.get('/contacts', {
    schema: {
      tags: ['Contacts'],
      summary: 'Contacts newest first; search matches name, email or phone (any format, partial digits).',
      querystring: Type.Object({ search: Type.Optional(Type.String({ maxLength: 200 })), optedOut: Type.Optional(Type.Boolean()), ...ListQuery }),
      response: responses({ 200: Page(Contact) }),
    },
  }, async (request) => {
    const page = await listContacts(deps, principalOf(request), { ...request.query, limit: request.query.limit ?? 50 });
    return { items: page.items.map(presentContact), nextCursor: page.nextCursor };
  });

  app.get('/contacts/:id', { schema: { response: responses({ 200: Contact }), tags: ['Contacts'], summary: 'One contact with its opt-out state.', params: IdParams } }, async (request) => {
    return presentContact(await getContact(deps, principalOf(request), request.params.id));
  });

  app.patch('/contacts/:id', {
    schema: {
      tags: ['Contacts'],
      summary: 'Change a contact\'s details, notes or tags.',
      params: IdParams,
      body: Type.Object({ name: OptionalText(200), phone: Type.Optional(PhoneInput), email: OptionalText(254), notes: OptionalText(10_000), tags: Type.Optional(Tags) }),
      response: responses({ 200: Contact }),
    },
  }, async (request) => {
    return presentContact(await updateContactDetails(deps, principalOf(request), request.params.id, request.body));
  });

  app.post('/contacts/:id/opt-out', {
    schema: { response: responses({ 200: Contact }), tags: ['Opt-outs'], summary: 'Opt a contact\'s number out of all texts and calls.', params: IdParams, body: Type.Optional(Type.Object({ reason: OptionalText(500) })) },
  }, async (request) => {
    return presentContact(await optOutContact(deps, principalOf(request), request.params.id, request.body?.reason));
  });

  app.post('/contacts/:id/opt-in', {
    schema: {
      tags: ['Opt-outs'],
      summary: 'Opt a contact back in (owners and admins), only when the contact asked: attestation "contact_requested" and a note are required.',
      params: IdParams,
      body: Type.Optional(Type.Object({ attestation: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])), note: OptionalText(1000) })),
      response: responses({ 200: Contact }),
    },
  }, async (request) => {
    return presentContact(await optInContact(deps, principalOf(request), request.params.id, request.body ?? {}));
  });

  app.get('/contacts/:id/consent-events', {
    schema: { response: responses({ 200: Page(ConsentEvent) }), tags: ['Consent ledger'], summary: 'The consent events of the contact\'s number, oldest first, with their chain hashes.', params: IdParams, querystring: Type.Object({ ...ListQuery }) },
  }, async (request) => {
    const page = await listContactConsentEvents(deps, principalOf(request), request.params.id, { limit: request.query.limit ?? 50, cursor: request.query.cursor });
    return { items: page.items.map(presentConsentEvent), nextCursor: page.nextCursor };
  });

  app.get('/contacts/:id/conversation', {
    schema: {
      tags: ['Conversations'],
      summary: 'Messages, calls and consent events of the contact, oldest first.',
      params: IdParams,
      querystring: Type.Object({ ...ListQuery, limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 200 })) }),
      response: responses({ 200: Page(ConversationItem) }),
    },
  }, async (request) => {
    const page = await listContactConversation(deps, principalOf(request), request.params.id, { limit: request.query.limit ?? 200, cursor: request.query.cursor });
    return { items: page.items.map(presentConversationEntry), nextCursor: page.nextCursor };
  });
}
