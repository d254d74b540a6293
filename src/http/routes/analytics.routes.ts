import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { getOptOutRates, getOptOutTimeline, getReviewQueueHealth } from '../../app/analytics/opt-out-insights.js';
import type { AppDeps } from '../../app/context.js';
import { presentOptOutRates, presentOptOutTimeline, presentReviewQueueHealth } from '../presenters/analytics.presenter.js';
import { OptOutRatesSchema, OptOutTimelineSchema, ReviewQueueHealthSchema } from '../presenters/analytics.schema.js';
import { principalOf } from '../auth.js';
import { responses } from '../schemas.js';

// Checked again by the use case (a real calendar date, from ≤ to, ≤ 366 days), which names the field in its 400.
const DateParam = (what: string) => Type.Optional(Type.String({ maxLength: 10, description: `${what}, a date in the organization's time zone (YYYY-MM-DD).` }));
const Range = {
  from: DateParam('First day, inclusive (default: 29 days before `to`)'),
  to: DateParam('Last day, inclusive (default: today)'),
};

/** Opt-out insights; any member of the organization, or its API keys, may read them. */
export async function analyticsRoutes(fastify: FastifyInstance, deps: AppDeps): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/analytics/opt-outs', {
    schema: {
      tags: ['Insights'],
      summary: 'Opt-outs and opt-ins per day or week in the organization\'s time zone, opt-outs by source; every bucket present, empty ones as zeros. At most 366 days.',
      querystring: Type.Object({ ...Range, interval: Type.Optional(Type.Union([Type.Literal('day'), Type.Literal('week')], { description: 'day (default) or week (Monday to Sunday).' })) }),
      response: responses({ 200: OptOutTimelineSchema }),
    },
  }, async (request) => {
    return presentOptOutTimeline(await getOptOutTimeline(deps, principalOf(request), request.query));
  });

  app.get('/analytics/opt-out-rates', {
    schema: {
      tags: ['Insights'],
      summary: 'Opt-out rate per sequence or sender number: each opt-out counts against the sequence (or number) of the last text its number received in the 7 days before; sent counts delivered texts.',
      querystring: Type.Object({ ...Range, groupBy: Type.Optional(Type.Union([Type.Literal('sequence'), Type.Literal('number')], { description: 'sequence (default) or number.' })) }),
      response: responses({ 200: OptOutRatesSchema }),
    },
  }, async (request) => {
    return presentOptOutRates(await getOptOutRates(deps, principalOf(request), request.query));
  });

  app.get('/analytics/review-queue', {
    schema: {
      tags: ['Insights'],
      summary: 'Review-queue health: pending replies, those overdue or within one business day of the FCC deadline, and decisions made in the range with their median time.',
      querystring: Type.Object({ ...Range }),
      response: responses({ 200: ReviewQueueHealthSchema }),
    },
  }, async (request) => {
    return presentReviewQueueHealth(await getReviewQueueHealth(deps, principalOf(request), request.query));
  });
}
