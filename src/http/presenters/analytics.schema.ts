/** The answers of /api/v1/analytics: they serialise the response, document it in /docs, and type the UI. */
import { Type } from 'typebox';

const LocalDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'A date in the organization\'s time zone, YYYY-MM-DD.', examples: ['2026-12-02'] });
const Count = Type.Integer({ minimum: 0 });

export const SourceCountsSchema = Type.Object(
  { keyword: Count, phrase: Count, manual: Count, provider: Count, import: Count, review: Count },
  { description: 'Opt-outs by source. keyword: keywords and the call opt-out key; phrase: plain-language replies; manual: teammates in the app, API keys, requests noted on calls; provider: the provider reported the number unsubscribed; import: CSV imports; review: "opt out" decisions in the review queue. Simulated texts count as keyword or phrase by what they matched.' },
);

export const OptOutTimelineSchema = Type.Object({
  timeZone: Type.String({ examples: ['America/New_York'] }),
  interval: Type.Union([Type.Literal('day'), Type.Literal('week')]),
  from: LocalDate,
  to: LocalDate,
  buckets: Type.Array(
    Type.Object({
      start: Type.String({ description: 'The bucket\'s first local date (weeks start on Monday).', examples: ['2026-12-02'] }),
      optedOut: Count,
      optedIn: Count,
      bySource: SourceCountsSchema,
    }),
  ),
  totals: Type.Object({ optedOut: Count, optedIn: Count, bySource: SourceCountsSchema }),
});

export const OptOutRatesSchema = Type.Object({
  timeZone: Type.String(),
  groupBy: Type.Union([Type.Literal('sequence'), Type.Literal('number')]),
  from: LocalDate,
  to: LocalDate,
  items: Type.Array(
    Type.Object({
      id: Type.String({ description: 'The sequence id, or the sender number\'s id.' }),
      name: Type.String({ description: 'The sequence\'s name, or the sender number (E.164).' }),
      sent: Type.Integer({ minimum: 0, description: 'Delivered outreach texts sent in the range.' }),
      optedOut: Type.Integer({ minimum: 0, description: 'Opt-outs in the range whose number\'s last text in the 7 days before came from here.' }),
      rate: Type.Union([Type.Number(), Type.Null()], { description: 'optedOut / sent; null when nothing was delivered.' }),
    }),
  ),
  optedOut: Type.Integer({ minimum: 0, description: 'Opt-outs in the range in all.' }),
  unattributed: Type.Integer({ minimum: 0, description: 'Opt-outs whose number received no text (of a sequence, for sequences) in the 7 days before.' }),
});

export const ReviewQueueHealthSchema = Type.Object({
  timeZone: Type.String(),
  from: LocalDate,
  to: LocalDate,
  pending: Count,
  overdue: Type.Integer({ minimum: 0, description: 'Pending replies past the FCC\'s 10-business-day deadline.' }),
  dueWithinOneBusinessDay: Type.Integer({ minimum: 0, description: 'Pending replies not yet overdue whose deadline is within one business day.' }),
  decided: Type.Integer({ minimum: 0, description: 'Replies a person decided in the range.' }),
  medianDecisionMs: Type.Union([Type.Integer(), Type.Null()], { description: 'Median time from receipt to decision, in ms; null with no decisions.' }),
  urgent: Type.Array(
    Type.Object({ id: Type.String(), phone: Type.String(), receivedAt: Type.String(), deadline: Type.String(), overdue: Type.Boolean() }),
    { description: 'Overdue and nearly due replies, nearest deadline first (at most 20).' },
  ),
});
