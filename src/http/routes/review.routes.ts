import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { businessDaysBetween } from '../../domain/business-days.js';
import { buildConsentReport, consentReportCsv } from '../../app/consent/consent-report.js';
import type { AppDeps } from '../../app/context.js';
import { decideReviewItem, listReviewQueue, reviewItemContact } from '../../app/review/review-queue.js';
import type { ReviewItemRow } from '../../storage/schema.js';
import { principalOf } from '../auth.js';
import { IdParams, ListQuery } from '../schemas.js';

export async function reviewRoutes(fastify: FastifyInstance, deps: AppDeps): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  const present = async (item: ReviewItemRow) => {
    const now = deps.clock();
    const deadline = new Date(item.deadline);
    const contact = await reviewItemContact(deps, item);
    return {
      id: item.id,
      messageId: item.message_id,
      phone: item.phone,
      contact: contact ? { id: contact.id, name: contact.name, email: contact.email, phone: contact.phone } : null,
      body: item.body,
      rule: item.rule,
      language: item.language,
      receivedAt: item.received_at,
      deadline: item.deadline,
      timeLeftMs: deadline.getTime() - now.getTime(),
      businessDaysLeft: businessDaysBetween(now, deadline),
      overdue: deadline.getTime() < now.getTime(),
      status: item.status,
      note: item.note,
      decidedBy: item.decided_by_user_id,
      decidedAt: item.decided_at,
    };
  };

  app.get('/review-queue', {
    schema: {
      tags: ['Review queue'],
      summary: 'Replies whose intent to revoke consent is unclear, oldest first, each with its deadline (10 business days after receipt). Their numbers are not contacted until decided.',
      querystring: Type.Object({ ...ListQuery }),
    },
  }, async (request) => {
    const page = await listReviewQueue(deps, principalOf(request), { limit: request.query.limit ?? 50, cursor: request.query.cursor });
    return { items: await Promise.all(page.items.map(present)), nextCursor: page.nextCursor };
  });

  app.post('/review-queue/:id', {
    schema: {
      tags: ['Review queue'],
      summary: 'Decide a reply: "opt_out" records the opt-out (and sends the confirmation); "not_a_revocation" releases the number. The note and the decider are kept.',
      params: IdParams,
      body: Type.Object({ decision: Type.Union([Type.Literal('opt_out'), Type.Literal('not_a_revocation')]), note: Type.String({ maxLength: 1000 }) }),
    },
  }, async (request) => {
    return present(await decideReviewItem(deps, principalOf(request), request.params.id, request.body));
  });

  app.get('/contacts/:id/consent-report', {
    schema: {
      tags: ['Consent ledger'],
      summary: 'An evidence document for the contact\'s number: every consent event with the text that caused it, the rule matched, the confirmation sent, the actor, and the hash-chain verification. ?format=csv for CSV.',
      params: IdParams,
      querystring: Type.Object({ format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])) }),
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
