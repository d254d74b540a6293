import { AppError } from './errors.js';
import { addDays, daysBetween, isLocalDate, startOfWeek } from './time-zone.js';

/** The longest range insights answer for, in days: a year, leap day included. */
export const MAX_RANGE_DAYS = 366;
/** The range when none is given: the last 30 days, today included. */
export const DEFAULT_RANGE_DAYS = 30;

export type Interval = 'day' | 'week';

/** Local dates, both inclusive. */
export interface DateRange {
  from: string;
  to: string;
}

/**
 * The range an insights request asks for, in the organization's local dates:
 * `to` defaults to today, `from` to 29 days before `to`. Refuses dates that
 * are not real, a `from` after `to`, and ranges longer than MAX_RANGE_DAYS.
 * resolveDateRange({}, "2026-12-02") → {from: "2026-11-03", to: "2026-12-02"}.
 */
export function resolveDateRange(query: { from?: string | undefined; to?: string | undefined }, today: string): DateRange {
  for (const field of ['from', 'to'] as const) {
    const value = query[field];
    if (value !== undefined && !isLocalDate(value)) {
      throw new AppError('invalid_request', `${field}: a date written YYYY-MM-DD, e.g. "${today}".`, { field });
    }
  }
  const to = query.to ?? (query.from !== undefined && query.from > today ? query.from : today);
  const from = query.from ?? addDays(to, -(DEFAULT_RANGE_DAYS - 1));
  if (from > to) throw new AppError('invalid_request', `from: ${from} is after to (${to}).`, { field: 'from' });
  const days = daysBetween(from, to) + 1;
  if (days > MAX_RANGE_DAYS) {
    throw new AppError('invalid_request', `to: the range covers ${days} days; ask for at most ${MAX_RANGE_DAYS} at a time.`, { field: 'to' });
  }
  return { from, to };
}

/**
 * The first local date of each bucket covering a range. Day buckets are every
 * date of the range; week buckets start on Mondays, the first one on the
 * Monday on or before `from`, so every week is whole.
 * bucketStarts({from: "2026-12-02", to: "2026-12-09"}, "week") → ["2026-11-30", "2026-12-07"].
 */
export function bucketStarts(range: DateRange, interval: Interval): string[] {
  const step = interval === 'week' ? 7 : 1;
  const starts: string[] = [];
  for (let date = interval === 'week' ? startOfWeek(range.from) : range.from; date <= range.to; date = addDays(date, step)) starts.push(date);
  return starts;
}
