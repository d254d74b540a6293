import type { Static } from 'typebox';
import type { OptOutRates, OptOutTimeline, ReviewQueueHealth } from '../../app/analytics/opt-out-insights.js';
import type * as Analytics from './analytics.schema.js';

export type OptOutTimelineResponse = Static<typeof Analytics.OptOutTimelineSchema>;
export type OptOutRatesResponse = Static<typeof Analytics.OptOutRatesSchema>;
export type ReviewQueueHealthResponse = Static<typeof Analytics.ReviewQueueHealthSchema>;

export function presentOptOutTimeline(timeline: OptOutTimeline): OptOutTimelineResponse {
  return {
    timeZone: timeline.timeZone,
    interval: timeline.interval,
    from: timeline.from,
    to: timeline.to,
    buckets: timeline.buckets.map((b) => ({ start: b.start, optedOut: b.optedOut, optedIn: b.optedIn, bySource: { ...b.bySource } })),
    totals: { optedOut: timeline.totals.optedOut, optedIn: timeline.totals.optedIn, bySource: { ...timeline.totals.bySource } },
  };
}

export function presentOptOutRates(rates: OptOutRates): OptOutRatesResponse {
  return {
    timeZone: rates.timeZone,
    groupBy: rates.groupBy,
    from: rates.from,
    to: rates.to,
    items: rates.items.map((item) => ({ id: item.id, name: item.name, sent: item.sent, optedOut: item.optedOut, rate: item.rate })),
    optedOut: rates.optedOut,
    unattributed: rates.unattributed,
  };
}

export function presentReviewQueueHealth(health: ReviewQueueHealth): ReviewQueueHealthResponse {
  return {
    timeZone: health.timeZone,
    from: health.from,
    to: health.to,
    pending: health.pending,
    overdue: health.overdue,
    dueWithinOneBusinessDay: health.dueWithinOneBusinessDay,
    decided: health.decided,
    medianDecisionMs: health.medianDecisionMs,
    urgent: health.urgent.map((row) => ({ id: row.id, phone: row.phone, receivedAt: row.received_at, deadline: row.deadline, overdue: row.overdue })),
  };
}
