/**
 * Calendar days in an organization's time zone. Timestamps are stored in UTC;
 * people count "opt-outs on Tuesday" in their own zone, so day and week
 * boundaries are computed here from IANA zone data (Intl), DST included.
 * A "local date" is "YYYY-MM-DD".
 */

export const DEFAULT_TIME_ZONE = 'America/New_York';

const DAY_MS = 24 * 60 * 60 * 1000;
const IANA_NAME = /^(?:UTC|[A-Za-z]+(?:\/[A-Za-z0-9_+-]+)+)$/;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * True for an IANA zone name the runtime knows ("Europe/Paris", "UTC");
 * false for offsets ("+02:00"), abbreviations ("EST") and unknown names.
 */
export function isValidTimeZone(name: string): boolean {
  if (typeof name !== 'string' || name.length > 64 || !IANA_NAME.test(name)) return false;
  try {
    formatterFor(name);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock fields of an instant in a zone. */
function wallClock(instant: Date, timeZone: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second! };
}

/** How far the zone's clock is ahead of UTC at an instant, in ms (New York in winter: -5 h). */
function offsetAt(instant: Date, timeZone: string): number {
  const w = wallClock(instant, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The local date of an instant: localDateOf(2026-11-03T04:30Z, "America/New_York") → "2026-11-02". */
export function localDateOf(instant: Date, timeZone: string): string {
  const w = wallClock(instant, timeZone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}`;
}

/**
 * The first instant of a local date in a zone (its midnight, or the first
 * minute after a DST gap that swallowed midnight).
 * startOfLocalDay("2026-11-02", "America/New_York") → 2026-11-02T05:00:00.000Z.
 */
export function startOfLocalDay(date: string, timeZone: string): Date {
  const utcMidnight = dateToUtcMs(date);
  // Two passes settle the offset, which may differ between UTC midnight and local midnight.
  let guess = utcMidnight - offsetAt(new Date(utcMidnight), timeZone);
  guess = utcMidnight - offsetAt(new Date(guess), timeZone);
  // Midnight fell in a DST gap: the day starts at the gap's end, found by the hour.
  while (localDateOf(new Date(guess), timeZone) < date) guess += 60 * 60 * 1000;
  return new Date(guess);
}

/** True for a real calendar date written "YYYY-MM-DD". */
export function isLocalDate(text: string): boolean {
  const match = LOCAL_DATE.exec(text);
  if (!match) return false;
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return new Date(ms).toISOString().slice(0, 10) === text;
}

/** addDays("2026-02-27", 2) → "2026-03-01". */
export function addDays(date: string, days: number): string {
  return new Date(dateToUtcMs(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole calendar days from `from` to `to` (0 for the same day). */
export function daysBetween(from: string, to: string): number {
  return Math.round((dateToUtcMs(to) - dateToUtcMs(from)) / DAY_MS);
}

/** The Monday on or before a date (weeks start on Monday, as ISO 8601 has it). */
export function startOfWeek(date: string): string {
  const weekday = new Date(dateToUtcMs(date)).getUTCDay(); // 0 = Sunday
  return addDays(date, -((weekday + 6) % 7));
}

function dateToUtcMs(date: string): number {
  const match = LOCAL_DATE.exec(date);
  if (!match) throw new Error(`not a local date: ${date}`);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
