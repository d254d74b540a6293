import { addBusinessDays } from '../../domain/business-days.js';
import { bucketStarts, resolveDateRange, type DateRange, type Interval } from '../../domain/insight-range.js';
import { addDays, localDateOf, startOfLocalDay } from '../../domain/time-zone.js';
import {
  countAttributedOptOuts,
  countConsentEventsByBucket,
  countDeliveredTexts,
  listReviewDecisionTimes,
  listSenderNumberNames,
  listSequenceNames,
  listUrgentReviews,
  summarizePendingReviews,
  type InsightSource,
  type UrgentReviewRow,
} from '../../storage/repositories/analytics.repository.js';
import type { AppDeps, Principal } from '../context.js';
import { loadOrganization } from '../organization.js';

export const INSIGHT_SOURCES: readonly InsightSource[] = ['keyword', 'phrase', 'manual', 'provider', 'import', 'review'];
/** The attribution window: an opt-out counts against the last text its number received this long before. */
export const ATTRIBUTION_WINDOW_DAYS = 7;

export type SourceCounts = Record<InsightSource, number>;

export interface TimelineBucket {
  /** The bucket's first local date. */
  start: string;
  optedOut: number;
  optedIn: number;
  /** Opt-outs only, by source. */
  bySource: SourceCounts;
}

export interface OptOutTimeline extends DateRange {
  timeZone: string;
  interval: Interval;
  buckets: TimelineBucket[];
  totals: { optedOut: number; optedIn: number; bySource: SourceCounts };
}

/** Where the organization's days begin, and which local date is today. */
async function organizationCalendar(deps: AppDeps, principal: Principal): Promise<{ timeZone: string; today: string }> {
  const { settings } = await loadOrganization(deps.db, principal.organizationId);
  return { timeZone: settings.timeZone, today: localDateOf(deps.clock(), settings.timeZone) };
}

/** The UTC instants a local-date range covers: [first midnight, the midnight after the last date). */
function instantsOf(range: DateRange, timeZone: string): { from: string; to: string } {
  return { from: startOfLocalDay(range.from, timeZone).toISOString(), to: startOfLocalDay(addDays(range.to, 1), timeZone).toISOString() };
}

function emptySources(): SourceCounts {
  return { keyword: 0, phrase: 0, manual: 0, provider: 0, import: 0, review: 0 };
}

/**
 * Opt-outs and opt-ins per day or week in the organization's time zone, every
 * bucket present even when nothing happened. Any member may read it.
 */
export async function getOptOutTimeline(deps: AppDeps, principal: Principal, query: { from?: string; to?: string; interval?: Interval }): Promise<OptOutTimeline> {
  const { timeZone, today } = await organizationCalendar(deps, principal);
  const interval = query.interval ?? 'day';
  const requested = resolveDateRange(query, today);
  const starts = bucketStarts(requested, interval);
  const step = interval === 'week' ? 7 : 1;
  const range = { from: starts[0]!, to: addDays(starts.at(-1)!, step - 1) };
  const edges = [...starts, addDays(starts.at(-1)!, step)].map((date) => startOfLocalDay(date, timeZone).toISOString());
  const bounds = starts.map((_, i) => ({ from: edges[i]!, to: edges[i + 1]! }));
  const counts = await countConsentEventsByBucket(deps.db, principal.organizationId, bounds);

  const buckets: TimelineBucket[] = starts.map((start) => ({ start, optedOut: 0, optedIn: 0, bySource: emptySources() }));
  const totals = { optedOut: 0, optedIn: 0, bySource: emptySources() };
  for (const { bucket, type, source, count } of counts) {
    const target = buckets[bucket]!;
    if (type === 'opted_in') {
      target.optedIn += count;
      totals.optedIn += count;
    } else {
      target.optedOut += count;
      target.bySource[source] += count;
      totals.optedOut += count;
      totals.bySource[source] += count;
    }
  }
  return { timeZone, interval, ...range, buckets, totals };
}

export interface OptOutRateItem {
  id: string;
  name: string;
  /** Delivered outreach texts sent in the range. */
  sent: number;
  /** Opt-outs in the range whose number's last text (within 7 days) came from this sequence or number. */
  optedOut: number;
  /** optedOut / sent; null when nothing was delivered. */
  rate: number | null;
}

export interface OptOutRates extends DateRange {
  timeZone: string;
  groupBy: 'sequence' | 'number';
  items: OptOutRateItem[];
  /** Opt-outs in the range in all, and those no sequence (or number) could be blamed for. */
  optedOut: number;
  unattributed: number;
}

/**
 * Opt-out rates per sequence or sender number: each opt-out in the range is
 * attributed to the sequence (or number) of the last outreach text the number
 * received in the 7 days before; `sent` counts the delivered texts of the range.
 */
export async function getOptOutRates(deps: AppDeps, principal: Principal, query: { groupBy?: 'sequence' | 'number'; from?: string; to?: string }): Promise<OptOutRates> {
  const { timeZone, today } = await organizationCalendar(deps, principal);
  const groupBy = query.groupBy ?? 'sequence';
  const range = resolveDateRange(query, today);
  const instants = instantsOf(range, timeZone);
  const organizationId = principal.organizationId;
  const [attributed, delivered, names] = await Promise.all([
    countAttributedOptOuts(deps.db, organizationId, groupBy, instants.from, instants.to),
    countDeliveredTexts(deps.db, organizationId, groupBy, instants.from, instants.to),
    groupBy === 'sequence' ? listSequenceNames(deps.db, organizationId) : listSenderNumberNames(deps.db, organizationId),
  ]);
  const items = new Map<string, OptOutRateItem>();
  const itemFor = (key: string): OptOutRateItem => {
    let item = items.get(key);
    if (!item) {
      const named = names.find((n) => n.key === key);
      // A sender number no longer registered keeps its number as id and name.
      item = { id: named?.id ?? key, name: named?.name ?? key, sent: 0, optedOut: 0, rate: null };
      items.set(key, item);
    }
    return item;
  };
  for (const { key, count } of delivered) itemFor(key).sent += count;
  for (const { key, count } of attributed.groups) itemFor(key).optedOut += count;
  for (const item of items.values()) item.rate = item.sent > 0 ? item.optedOut / item.sent : null;
  const sorted = [...items.values()].sort((a, b) => b.optedOut - a.optedOut || b.sent - a.sent || a.name.localeCompare(b.name));
  return { timeZone, groupBy, ...range, items: sorted, optedOut: attributed.total, unattributed: attributed.unattributed };
}

export interface ReviewQueueHealth extends DateRange {
  timeZone: string;
  pending: number;
  /** Pending items past the FCC's 10-business-day deadline. */
  overdue: number;
  /** Pending items not yet overdue whose deadline is within one business day. */
  dueWithinOneBusinessDay: number;
  /** Decisions made by a person in the range. */
  decided: number;
  /** Median time from receipt to decision of those decisions, in ms; null when none. */
  medianDecisionMs: number | null;
  /** The overdue and nearly due items, nearest deadline first (at most 20). */
  urgent: (UrgentReviewRow & { overdue: boolean })[];
}

/** How the review queue keeps up with the FCC deadline: what is pending, overdue or nearly due, and how fast people decide. */
export async function getReviewQueueHealth(deps: AppDeps, principal: Principal, query: { from?: string; to?: string }): Promise<ReviewQueueHealth> {
  const { timeZone, today } = await organizationCalendar(deps, principal);
  const range = resolveDateRange(query, today);
  const instants = instantsOf(range, timeZone);
  const nowDate = deps.clock();
  const now = nowDate.toISOString();
  const soon = addBusinessDays(nowDate, 1).toISOString();
  const organizationId = principal.organizationId;
  const [pending, urgent, decisions] = await Promise.all([
    summarizePendingReviews(deps.db, organizationId, now, soon),
    listUrgentReviews(deps.db, organizationId, soon, 20),
    listReviewDecisionTimes(deps.db, organizationId, instants.from, instants.to),
  ]);
  const durations = decisions.map((d) => Date.parse(d.decided_at) - Date.parse(d.received_at)).sort((a, b) => a - b);
  return {
    timeZone,
    ...range,
    pending: pending.pending,
    overdue: pending.overdue,
    dueWithinOneBusinessDay: pending.dueSoon,
    decided: durations.length,
    medianDecisionMs: median(durations),
    urgent: urgent.map((row) => ({ ...row, overdue: row.deadline < now })),
  };
}

/** The middle value of sorted numbers (the mean of the two middle ones for an even count). */
function median(sorted: number[]): number | null {
  if (sorted.length === 0) return null;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : Math.round((sorted[middle - 1]! + sorted[middle]!) / 2);
}
