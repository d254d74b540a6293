import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app/context.js';
import { createSequence, enrollContact, getSequence, listOrganizationSequences, listSequenceEnrollments } from '../../app/sequences/sequences.js';
import { MAX_SEQUENCE_STEPS, MAX_STEP_DELAY_MINUTES } from '../../domain/sequence.js';
import { MAX_BODY_LENGTH } from '../../app/outbound/send-message.js';
import { principalOf } from '../auth.js';
import { presentEnrollment, presentSequence } from '../presenters.js';
import { Enrollment, Sequence } from '../presenters/sequences.schema.js';
import { IdParams, ListQuery, Page, responses } from '../schemas.js';

const Delay = Type.Integer({ minimum: 0, maximum: MAX_STEP_DELAY_MINUTES, description: 'Minutes after the step before (the first step: after enrollment).' });
const Step = Type.Union([
  Type.Object({ type: Type.Literal('sms'), body: Type.String({ minLength: 1, maxLength: MAX_BODY_LENGTH }), delayMinutes: Delay }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('call'), delayMinutes: Delay, voiceMessage: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })), audioUrl: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])) }, { additionalProperties: false }),
]);

export async function sequenceRoutes(fastify: FastifyInstance, deps: AppDeps): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.post('/sequences', {
    schema: {
      tags: ['Sequences'],
      summary: 'Create an automated outreach sequence of texts and calls, each a delay after the one before.',
      body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }), steps: Type.Array(Step, { minItems: 1, maxItems: MAX_SEQUENCE_STEPS }) }),
      response: responses({ 201: Sequence }),
    },
  }, async (request, reply) => {
    return reply.status(201).send(presentSequence(await createSequence(deps, principalOf(request), request.body)));
  });

  app.get('/sequences', { schema: { response: responses({ 200: Page(Sequence) }), tags: ['Sequences'], summary: 'The organization\'s sequences, newest first.', querystring: Type.Object({ ...ListQuery }) } }, async (request) => {
    const page = await listOrganizationSequences(deps, principalOf(request), { limit: request.query.limit ?? 50, cursor: request.query.cursor });
    return { items: page.items.map(presentSequence), nextCursor: page.nextCursor };
  });

  app.get('/sequences/:id', { schema: { response: responses({ 200: Sequence }), tags: ['Sequences'], summary: 'One sequence and its steps.', params: IdParams } }, async (request) => {
    return presentSequence(await getSequence(deps, principalOf(request), request.params.id));
  });

  app.post('/sequences/:id/enrollments', {
    schema: {
      tags: ['Sequences'],
      summary: 'Enroll a contact; 409 contact_opted_out if the number opted out, 409 conflict if already enrolled. An opt-out stops the enrollment (stopped_opted_out).',
      params: IdParams,
      body: Type.Object({ contactId: Type.String({ minLength: 1, maxLength: 64 }) }),
      response: responses({ 201: Enrollment }),
    },
  }, async (request, reply) => {
    const { sequence, enrollment } = await enrollContact(deps, principalOf(request), request.params.id, request.body.contactId);
    return reply.status(201).send(presentEnrollment(enrollment, sequence));
  });

  app.get('/sequences/:id/enrollments', {
    schema: { response: responses({ 200: Page(Enrollment) }), tags: ['Sequences'], summary: 'A sequence\'s enrollments, oldest first, each with its status and next step.', params: IdParams, querystring: Type.Object({ ...ListQuery }) },
  }, async (request) => {
    const { sequence, page } = await listSequenceEnrollments(deps, principalOf(request), request.params.id, { limit: request.query.limit ?? 50, cursor: request.query.cursor });
    return { items: page.items.map((row) => presentEnrollment(row, sequence)), nextCursor: page.nextCursor };
  });
}
