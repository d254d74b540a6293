import type { Enrollment, ReviewItem, SequenceStep } from './api/types.js';

const monthDay = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const monthDayYear = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', year: 'numeric' });
const timeOnly = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

/** "Dec 11", with the year only when it is not this year. */
export function formatShortDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.getFullYear() === new Date().getFullYear() ? monthDay.format(date) : monthDayYear.format(date);
}

/**
 * The FCC clock of a reply awaiting review, in words: "8 business days left —
 * due Dec 11". Urgent (shown in red) when overdue or two business days or fewer remain.
 */
export function reviewCountdown(item: Pick<ReviewItem, 'deadline' | 'businessDaysLeft' | 'overdue'>): { text: string; urgent: boolean } {
  const due = formatShortDate(item.deadline);
  if (item.overdue) return { text: `Overdue — was due ${due} at ${timeOnly.format(new Date(item.deadline))}`, urgent: true };
  const days = item.businessDaysLeft;
  if (days <= 0) return { text: `Due today — ${due} at ${timeOnly.format(new Date(item.deadline))}`, urgent: true };
  return { text: `${days} business ${days === 1 ? 'day' : 'days'} left — due ${due}`, urgent: days <= 2 };
}

/** 0 → "right away"; 90 → "1 hour 30 minutes"; 2880 → "2 days". */
export function formatDelay(minutes: number): string {
  if (minutes <= 0) return 'right away';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const parts: string[] = [];
  if (days) parts.push(`${days} ${days === 1 ? 'day' : 'days'}`);
  if (hours) parts.push(`${hours} ${hours === 1 ? 'hour' : 'hours'}`);
  if (mins) parts.push(`${mins} ${mins === 1 ? 'minute' : 'minutes'}`);
  return parts.join(' ');
}

/** When a step runs, relative to the one before: "Right after enrolling", "1 day after step 1". */
export function stepTiming(step: SequenceStep, index: number): string {
  if (index === 0) return step.delayMinutes <= 0 ? 'Right after enrolling' : `${capitalize(formatDelay(step.delayMinutes))} after enrolling`;
  return step.delayMinutes <= 0 ? `Right after step ${index}` : `${capitalize(formatDelay(step.delayMinutes))} after step ${index}`;
}

export function stepTypeLabel(type: SequenceStep['type']): string {
  return type === 'sms' ? 'Text message' : 'Call';
}

/** "2 texts and a call" — a sequence at a glance. */
export function stepsSummary(steps: SequenceStep[]): string {
  const texts = steps.filter((step) => step.type === 'sms').length;
  const calls = steps.length - texts;
  const parts: string[] = [];
  if (texts) parts.push(texts === 1 ? '1 text' : `${texts} texts`);
  if (calls) parts.push(calls === 1 ? '1 call' : `${calls} calls`);
  return parts.join(' and ') || 'No steps';
}

const ENROLLMENT_STATUS: Record<Enrollment['status'], { label: string; badge: string }> = {
  active: { label: 'Active', badge: 'badge-info' },
  completed: { label: 'Completed', badge: 'badge-ok' },
  stopped_opted_out: { label: 'Stopped — contact opted out', badge: 'badge-danger' },
  canceled: { label: 'Canceled', badge: 'badge-neutral' },
};

export function enrollmentStatus(status: Enrollment['status'] | string): { label: string; badge: string } {
  return ENROLLMENT_STATUS[status as Enrollment['status']] ?? { label: capitalize(status.replaceAll('_', ' ')), badge: 'badge-neutral' };
}

/** "in 5 minutes", "in about 2 hours", "in about 3 days", "due now" — for a due time. */
export function relativeFuture(iso: string, now = Date.now()): string {
  const minutes = Math.round((new Date(iso).getTime() - now) / 60_000);
  if (Number.isNaN(minutes)) return '';
  if (minutes <= 1) return 'due now';
  if (minutes < 60) return `in ${minutes} minutes`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `in about ${hours} ${hours === 1 ? 'hour' : 'hours'}`;
  const days = Math.round(hours / 24);
  return `in about ${days} ${days === 1 ? 'day' : 'days'}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
