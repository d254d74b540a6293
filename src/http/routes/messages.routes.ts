import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app/context.js';
import { receiveInboundMessage, type InboundOrigin } from '../../app/inbound/receive-inbound-message.js';
import { previewOptOutNotice } from '../../app/outbound/opt-out-notice.js';
import { placeCall } from '../../app/outbound/place-call.js';
import { optOutFromCall } from '../../app/outbound/call-opt-out.js';
import { MAX_BODY_LENGTH, sendMessageToContact, sendMessageToNumber } from '../../app/outbound/send-message.js';
import { getCall } from '../../app/conversations/get-call.js';
import { getMessage } from '../../app/conversations/get-message.js';
import { principalOf } from '../auth.js';
import { presentCall, presentContact, presentMessage } from '../presenters.js';
import { Contact } from '../presenters/contacts.schema.js';
import { Call, CallEnvelope, InboundResult, Message, MessageEnvelope, NoticePreview } from '../presenters/conversation.schema.js';
import { IdParams, OptionalText, PhoneInput, responses } from '../schemas.js';

const Body = Type.String({ minLength: 1, maxLength: MAX_BODY_LENGTH });

export async function messageRoutes(fastify: FastifyInstance, deps: AppDeps): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.post('/messages/inbound', {
    schema: {
      tags: ['Messages'],
      summary:
        'Take an inbound text. With an API key (a provider integration), it is the contact\'s text: STOP-family words opt the number out, START opts back in, HELP gets the help reply; the ledger names the key. With the app\'s session (the simulator), it is recorded as simulated, typed by the signed-in teammate: it may opt out or go to review, but never opts a number in (`withheld: "opted_in"`).',
      body: Type.Object({ from: PhoneInput, to: OptionalText(40), body: Type.String({ maxLength: 5000 }), providerMessageId: OptionalText(200) }),
      response: responses({ 200: InboundResult }),
    },
  }, async (request) => {
    const principal = principalOf(request);
    const origin: InboundOrigin = principal.via === 'api_key' && principal.apiKey ? { kind: 'api_key', ...principal.apiKey } : { kind: 'simulator', userId: principal.userId };
    const outcome = await receiveInboundMessage(deps, principal.organizationId, request.body, { replyDelivery: 'dispatch', origin });
    return {
      message: presentMessage(outcome.message),
      contact: presentContact(outcome.contact),
      action: outcome.action,
      reply: outcome.reply,
      replyMessage: outcome.replyMessage ? presentMessage(outcome.replyMessage) : null,
      duplicate: outcome.duplicate,
      simulated: outcome.simulated,
      withheld: outcome.withheld,
    };
  });

  app.post('/contacts/:id/messages', {
    schema: {
      tags: ['Messages'],
      summary: 'Text a contact now or at sendAt; 409 contact_opted_out if the number opted out.',
      params: IdParams,
      body: Type.Object({ body: Body, sendAt: OptionalText(40) }),
      response: responses({ 201: MessageEnvelope }),
    },
  }, async (request, reply) => {
    const message = await sendMessageToContact(deps, principalOf(request), request.params.id, request.body);
    return reply.status(201).send({ message: presentMessage(message) });
  });

  app.post('/messages', {
    schema: {
      tags: ['Messages'],
      summary: 'Text a number (its contact is created if new); 409 contact_opted_out if the number opted out.',
      body: Type.Object({ to: PhoneInput, body: Body, sendAt: OptionalText(40) }),
      response: responses({ 201: MessageEnvelope }),
    },
  }, async (request, reply) => {
    const message = await sendMessageToNumber(deps, principalOf(request), request.body);
    return reply.status(201).send({ message: presentMessage(message) });
  });

  app.post('/opt-out-notice/preview', {
    schema: {
      tags: ['Messages'],
      summary: 'The opt-out notice a text would get: with contactId, a text to that contact now (or at sendAt); without, a first text (what a sequence step sends a new contact). notice is null when none would be added, with the reason.',
      body: Type.Object({ body: Type.String({ maxLength: MAX_BODY_LENGTH }), contactId: OptionalText(100), sendAt: OptionalText(40) }),
      response: responses({ 200: NoticePreview }),
    },
  }, async (request) => {
    const decision = await previewOptOutNotice(deps, principalOf(request), request.body);
    return { notice: decision.add ? decision.notice : null, reason: decision.reason };
  });

  app.get('/messages/:id', { schema: { response: responses({ 200: Message }), tags: ['Messages'], summary: 'One message and its delivery status.', params: IdParams } }, async (request) => {
    return presentMessage(await getMessage(deps, principalOf(request), request.params.id));
  });

  app.post('/contacts/:id/calls', {
    schema: {
      tags: ['Calls'],
      summary:
        'Call a contact. A click-to-call rings connectTo first (default: your own phone from your profile; with an API key, required) and connects the contact when answered, if they may still be called then. With voiceMessage, an automated call speaks it (and plays audioUrl), then offers the keypress opt-out. 409 contact_opted_out if the number opted out.',
      params: IdParams,
      body: Type.Optional(Type.Object({ connectTo: OptionalText(40), voiceMessage: Type.Optional(Type.Union([Type.String({ maxLength: 1000 }), Type.Null()])), audioUrl: OptionalText(2000) })),
      response: responses({ 201: CallEnvelope }),
    },
  }, async (request, reply) => {
    const call = await placeCall(deps, principalOf(request), request.params.id, request.body ?? {});
    return reply.status(201).send({ call: presentCall(call) });
  });

  app.post('/calls/:id/opt-out', {
    schema: {
      tags: ['Calls'],
      summary: 'The person asked on this call not to be called or texted: opts the number out (source agent, you as actor, the call as evidence). Returns the contact.',
      params: IdParams,
      body: Type.Optional(Type.Object({ reason: OptionalText(500) })),
      response: responses({ 200: Contact }),
    },
  }, async (request) => {
    return presentContact(await optOutFromCall(deps, principalOf(request), request.params.id, request.body?.reason));
  });

  app.get('/calls/:id', { schema: { response: responses({ 200: Call }), tags: ['Calls'], summary: 'One call and its status.', params: IdParams } }, async (request) => {
    return presentCall(await getCall(deps, principalOf(request), request.params.id));
  });
}
