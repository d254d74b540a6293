import type { Miss } from './evaluate-corpus.js';
import { OUTSIDE_TARGETS, type OutsidePartEvaluation } from './evaluate-outside.js';
import { describeClassification } from './format-corpus-report.js';
import type { OutsideEntry } from './outside-corpus.js';

const percent = (value: number, digits: number): string => `${(value * 100).toFixed(digits)}%`;
const line = (m: Miss): string => `    ${String((m.entry as OutsideEntry).line).padStart(4)}  ${JSON.stringify(m.entry.text)} → ${describeClassification(m.got)}`;

/**
 * One part of the outside set as printed by `npm run eval:classifier`: counts and rates, and the texts
 * behind them when `listTexts` (the held-out part's texts are hidden unless asked for, so nobody tunes on them).
 */
export function formatOutsidePart(e: OutsidePartEvaluation, listTexts: boolean): string {
  const title = e.part === 'development' ? 'development part (rules may be tuned on its errors)' : 'held-out part (scored only, never tuned on)';
  const lines = [`Outside set, ${title}: ${e.texts} distinct texts (${e.ordinary} ordinary, ${e.revocations} revocations, ${e.unclear.length} unclear)`];
  lines.push(`  False opt-outs: ${e.falseOptOuts.length}/${e.nonRevocations} = ${percent(e.falseOptOutRate, 3)}   target ≤ ${OUTSIDE_TARGETS.maxFalseOptOutRate * 100}%`);
  if (listTexts) lines.push(...e.falseOptOuts.map(line));
  lines.push(`  Reviews of ordinary texts: ${e.reviews.length}/${e.ordinary} = ${percent(e.reviewRate, 2)}   target ≤ ${OUTSIDE_TARGETS.maxReviewRate * 100}%`);
  if (listTexts) lines.push(...e.reviews.map(line));
  lines.push(`  Labelled revocations opted out: ${e.revocations - e.missedRevocations.length}/${e.revocations}`);
  if (listTexts) lines.push(...e.missedRevocations.map(line));
  const unclearReviewed = e.unclear.filter((m) => m.got.action === 'review').length;
  lines.push(`  Labelled unclear texts sent to review: ${unclearReviewed}/${e.unclear.length}`);
  if (listTexts) lines.push(...e.unclear.filter((m) => m.got.action !== 'review').map(line));
  if (!listTexts) lines.push('  (texts hidden: npm run eval:classifier -- --show-held-out lists them)');
  return lines.join('\n');
}
