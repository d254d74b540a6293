import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app/context.js';
import { getTwilioCredentials, saveTwilioCredentials } from '../../app/providers/twilio-credentials.js';
import { principalOf } from '../auth.js';
import { TwilioSettings } from '../presenters/settings.schema.js';
import { responses } from '../schemas.js';

export async function providerRoutes(fastify: FastifyInstance, deps: AppDeps): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/providers/twilio', {
    schema: { response: responses({ 200: TwilioSettings }), tags: ['Providers'], summary: 'The organization\'s Twilio Account SID and whether an Auth Token is stored (owners and admins; the token is never returned).' },
  }, async (request) => {
    return getTwilioCredentials(deps, principalOf(request));
  });

  app.put('/providers/twilio', {
    schema: {
      tags: ['Providers'],
      summary: 'Store the organization\'s Twilio Account SID and Auth Token (owners and admins). The token is encrypted at rest and never returned.',
      body: Type.Object({
        accountSid: Type.String({ minLength: 1, maxLength: 64, examples: ['AC0123456789abcdef0123456789abcdef'] }),
        authToken: Type.String({ minLength: 1, maxLength: 200 }),
      }),
      response: responses({ 200: TwilioSettings }),
    },
  }, async (request) => {
    return saveTwilioCredentials(deps, principalOf(request), request.body);
  });
}
