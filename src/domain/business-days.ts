/**
 * Business-day arithmetic for the FCC's revocation clock: a revocation by
 * "reasonable means" must be honoured within ten business days of receipt.
 * Weekends and US federal holidays (with their observed weekday) do not count.
 * All dates are UTC calendar dates.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

/** The observed US federal holidays of a year, as "YYYY-MM-DD". */
export function usFederalHolidays(year: number): Set<string> {
  const days = [
    observed(utc(year, 0, 1)), // New Year's Day
    nthWeekday(year, 0, 1, 3), // Martin Luther King Jr. Day: third Monday of January
    nthWeekday(year, 1, 1, 3), // Washington's Birthday: third Monday of February
    lastWeekday(year, 4, 1), // Memorial Day: last Monday of May
    observed(utc(year, 5, 19)), // Juneteenth
    observed(utc(year, 6, 4)), // Independence Day
    nthWeekday(year, 8, 1, 1), // Labor Day: first Monday of September
    nthWeekday(year, 9, 1, 2), // Columbus Day: second Monday of October
    observed(utc(year, 10, 11)), // Veterans Day
    nthWeekday(year, 10, 4, 4), // Thanksgiving: fourth Thursday of November
    observed(utc(year, 11, 25)), // Christmas Day
  ];
  // New Year's Day of next year may be observed on Dec 31 of this year.
  const nextNewYear = observed(utc(year + 1, 0, 1));
  if (nextNewYear.getUTCFullYear() === year) days.push(nextNewYear);
  return new Set(days.map(isoDate));
}

export function isBusinessDay(date: Date): boolean {
  const weekday = date.getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  return !usFederalHolidays(date.getUTCFullYear()).has(isoDate(date));
}

/**
 * The moment `count` business days after `start`, at the same time of day.
 * addBusinessDays(Fri 2026-11-20 10:00Z, 10) → Mon 2026-12-07 10:00Z (Thanksgiving skipped).
 */
export function addBusinessDays(start: Date, count: number): Date {
  let current = new Date(start.getTime());
  let remaining = count;
  while (remaining > 0) {
    current = new Date(current.getTime() + DAY_MS);
    if (isBusinessDay(current)) remaining -= 1;
  }
  return current;
}

/** Whole business days from `now` until `deadline` (0 on the deadline's day, negative once overdue). */
export function businessDaysBetween(now: Date, deadline: Date): number {
  const from = startOfDay(now);
  const to = startOfDay(deadline);
  const sign = to >= from ? 1 : -1;
  let days = 0;
  for (let day = from; sign > 0 ? day < to : day > to; day = new Date(day.getTime() + sign * DAY_MS)) {
    const next = new Date(day.getTime() + sign * DAY_MS);
    if (isBusinessDay(sign > 0 ? next : day)) days += sign;
  }
  return days;
}

function utc(year: number, month: number, day: number): Date {
  return new Date(Date.UTC(year, month, day));
}

function observed(date: Date): Date {
  const weekday = date.getUTCDay();
  if (weekday === 6) return new Date(date.getTime() - DAY_MS);
  if (weekday === 0) return new Date(date.getTime() + DAY_MS);
  return date;
}

function nthWeekday(year: number, month: number, weekday: number, n: number): Date {
  const first = utc(year, month, 1);
  const offset = (weekday - first.getUTCDay() + 7) % 7;
  return utc(year, month, 1 + offset + (n - 1) * 7);
}

function lastWeekday(year: number, month: number, weekday: number): Date {
  const last = utc(year, month + 1, 0);
  const offset = (last.getUTCDay() - weekday + 7) % 7;
  return utc(year, month, last.getUTCDate() - offset);
}

function startOfDay(date: Date): Date {
  return utc(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}
