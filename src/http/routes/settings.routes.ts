import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app/context.js';
import { verifyLedger } from '../../app/ledger/ledger.js';
import { registerPhoneNumber, listOrganizationNumbers } from '../../app/numbers/phone-numbers.js';
import { getOptOutSettings, updateOptOutSettings } from '../../app/settings/opt-out-settings.js';
import { principalOf } from '../auth.js';
import { presentPhoneNumber } from '../presenters.js';
import { LedgerVerification, OptOutSettings, SenderNumber } from '../presenters/settings.schema.js';
import { Page, PhoneInput, responses } from '../schemas.js';

const Keywords = Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { minItems: 1, maxItems: 50 });
const Reply = Type.String({ minLength: 1, maxLength: 480 });
const Replies = Type.Object({ optOutReply: Type.Optional(Reply), optInReply: Type.Optional(Reply), helpReply: Type.Optional(Reply) });

export async function settingsRoutes(fastify: FastifyInstance, deps: AppDeps): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/settings/opt-out', { schema: { response: responses({ 200: OptOutSettings }), tags: ['Settings'], summary: 'Keyword lists, languages and reply templates.' } }, async (request) => {
    return getOptOutSettings(deps, principalOf(request));
  });

  app.put('/settings/opt-out', {
    schema: {
      tags: ['Settings'],
      summary: 'Change keyword lists, languages, reply templates or the opt-out notice on first texts (owners and admins). Fields left out keep their value. {organization} in a reply is replaced by the organization\'s name.',
      body: Type.Object({
        optOutKeywords: Type.Optional(Keywords),
        optInKeywords: Type.Optional(Keywords),
        helpKeywords: Type.Optional(Keywords),
        optOutReply: Type.Optional(Reply),
        optInReply: Type.Optional(Reply),
        helpReply: Type.Optional(Reply),
        optOutNoticeEnabled: Type.Optional(Type.Boolean()),
        optOutNotice: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
        voiceOptOutKey: Type.Optional(Type.String({ minLength: 1, maxLength: 1 })),
        inboundCallForwardTo: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Null()])),
        inboundCallGreeting: Type.Optional(Type.String({ minLength: 1, maxLength: 480 })),
        timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone name (default America/New_York); insights count days in it.', examples: ['America/New_York', 'Europe/Paris'] })),
        languages: Type.Optional(Type.Array(Type.Union([Type.Literal('en'), Type.Literal('es'), Type.Literal('fr')]), { minItems: 1, maxItems: 3 })),
        translations: Type.Optional(Type.Object({ es: Type.Optional(Replies), fr: Type.Optional(Replies) })),
      }),
      response: responses({ 200: OptOutSettings }),
    },
  }, async (request) => {
    return updateOptOutSettings(deps, principalOf(request), request.body);
  });

  app.get('/consent-ledger/verify', {
    schema: { response: responses({ 200: LedgerVerification }), tags: ['Consent ledger'], summary: 'Walk the organization\'s hash chain of consent events (owners and admins) and name the first broken event.' },
  }, async (request) => {
    return verifyLedger(deps, principalOf(request));
  });

  app.post('/numbers', {
    schema: {
      tags: ['Providers'],
      summary: 'Register a sender number; 409 if any organization has it.',
      body: Type.Object({ phoneNumber: PhoneInput, provider: Type.Union([Type.Literal('console'), Type.Literal('twilio')]) }),
      response: responses({ 201: SenderNumber }),
    },
  }, async (request, reply) => {
    return reply.status(201).send(presentPhoneNumber(await registerPhoneNumber(deps, principalOf(request), request.body)));
  });

  app.get('/numbers', { schema: { response: responses({ 200: Page(SenderNumber) }), tags: ['Providers'], summary: 'The organization\'s sender numbers; the first one sends.' } }, async (request) => {
    const numbers = await listOrganizationNumbers(deps, principalOf(request));
    return { items: numbers.map(presentPhoneNumber), nextCursor: null };
  });
}
