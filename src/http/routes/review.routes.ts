import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { buildConsentReport, consentReportCsv } from '../../app/consent/consent-report.js';
import type { AppDeps } from '../../app/context.js';
import { decideReview, listReviewItems } from '../../app/review/review-items.js';
import { principalOf } from '../auth.js';
import { presentReviewItem } from '../presenters.js';
import { ConsentReport, ReviewItem } from '../presenters/review.schema.js';
import { IdParams, ListQuery, Page, responses } from '../schemas.js';

export async function reviewRoutes(fastify: FastifyInstance, deps: AppDeps): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/review-queue', {
    schema: {
      tags: ['Review queue'],
      summary: 'Replies whose intent to revoke consent is unclear, oldest first, each with its deadline (10 business days after receipt). Their numbers are not contacted until decided.',
      querystring: Type.Object({ ...ListQuery }),
      response: responses({ 200: Page(ReviewItem) }),
    },
  }, async (request) => {
    const page = await listReviewItems(deps, principalOf(request), { limit: request.query.limit ?? 50, cursor: request.query.cursor });
    const now = deps.clock();
    return { items: page.items.map((view) => presentReviewItem(view, now)), nextCursor: page.nextCursor };
  });

  app.post('/review-queue/:id', {
    schema: {
      tags: ['Review queue'],
      summary: 'Decide a reply: "opt_out" records the opt-out (and sends the confirmation); "not_a_revocation" releases the number. The note and the decider are kept.',
      params: IdParams,
      body: Type.Object({ decision: Type.Union([Type.Literal('opt_out'), Type.Literal('not_a_revocation')]), note: Type.String({ maxLength: 1000 }) }),
      response: responses({ 200: ReviewItem }),
    },
  }, async (request) => {
    const view = await decideReview(deps, principalOf(request), request.params.id, request.body);
    return presentReviewItem(view, deps.clock());
  });

  app.get('/contacts/:id/consent-report', {
    schema: {
      tags: ['Consent ledger'],
      summary: 'An evidence document for the contact\'s number: every consent event with the text that caused it, the rule matched, the confirmation sent, the actor, and the hash-chain verification. ?format=csv for CSV.',
      params: IdParams,
      querystring: Type.Object({ format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])) }),
      response: responses({ 200: { description: 'The report as JSON, or with ?format=csv its events as CSV.', content: { 'application/json': { schema: ConsentReport }, 'text/csv': { schema: Type.String() } } } }),
    },
  }, async (request, reply) => {
    const report = await buildConsentReport(deps, principalOf(request), request.params.id);
    if (request.query.format === 'csv') {
      const name = `consent-report-${report.contact.phone.replace(/\D/g, '')}.csv`;
      return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).send(consentReportCsv(report));
    }
    return report;
  });
}
