import type { InboundClassification } from './classification-types.js';
import type { Miss } from './evaluate-corpus.js';
import type { OutsideEntry, OutsidePart } from './outside-corpus.js';

/**
 * Scores the classifier on one part of the outside set (texts nobody here wrote). A false opt-out is
 * any opt-out of a text not labelled a revocation (a text labelled unclear does not excuse one);
 * the review rate counts reviews of ordinary texts only.
 */
export interface OutsidePartEvaluation {
  readonly part: OutsidePart;
  readonly texts: number;
  /** Labelled `none`. */
  readonly ordinary: number;
  /** Not labelled `opted_out`: the denominator of the false opt-out rate. */
  readonly nonRevocations: number;
  readonly falseOptOuts: readonly Miss[];
  readonly falseOptOutRate: number;
  /** Ordinary texts sent to review. */
  readonly reviews: readonly Miss[];
  readonly reviewRate: number;
  readonly revocations: number;
  readonly missedRevocations: readonly Miss[];
  /** Texts labelled `review`, with what they got. */
  readonly unclear: readonly Miss[];
}

/** The outside figures `npm run eval:classifier` enforces on each part (issue targets). */
export const OUTSIDE_TARGETS = Object.freeze({ maxFalseOptOutRate: 0.0005, maxReviewRate: 0.005, minTexts: 2000 });

const rate = (a: number, b: number): number => (b === 0 ? 0 : a / b);

export function evaluateOutsidePart(part: OutsidePart, entries: readonly OutsideEntry[], classify: (entry: OutsideEntry) => InboundClassification): OutsidePartEvaluation {
  const results: Miss[] = entries.filter((e) => e.part === part).map((entry) => ({ entry, got: classify(entry) }));
  const ordinary = results.filter((r) => r.entry.expected === 'none');
  const revocations = results.filter((r) => r.entry.expected === 'opted_out');
  const nonRevocations = results.length - revocations.length;
  const falseOptOuts = results.filter((r) => r.entry.expected !== 'opted_out' && r.got.action === 'opted_out');
  const reviews = ordinary.filter((r) => r.got.action === 'review');
  return {
    part,
    texts: results.length,
    ordinary: ordinary.length,
    nonRevocations,
    falseOptOuts,
    falseOptOutRate: rate(falseOptOuts.length, nonRevocations),
    reviews,
    reviewRate: rate(reviews.length, ordinary.length),
    revocations: revocations.length,
    missedRevocations: revocations.filter((r) => r.got.action !== 'opted_out'),
    unclear: results.filter((r) => r.entry.expected === 'review'),
  };
}

/** Problems with one part's figures against OUTSIDE_TARGETS; empty when they are met. */
export function checkOutsideTargets(evaluation: OutsidePartEvaluation): string[] {
  const name = evaluation.part.replace('_', '-');
  const problems: string[] = [];
  if (evaluation.texts < OUTSIDE_TARGETS.minTexts) problems.push(`outside ${name} part has ${evaluation.texts} texts, fewer than ${OUTSIDE_TARGETS.minTexts}`);
  if (evaluation.falseOptOutRate > OUTSIDE_TARGETS.maxFalseOptOutRate) {
    problems.push(`outside ${name}: ${evaluation.falseOptOuts.length} false opt-outs (${(evaluation.falseOptOutRate * 100).toFixed(3)}%) exceed ${OUTSIDE_TARGETS.maxFalseOptOutRate * 100}%`);
  }
  if (evaluation.reviewRate > OUTSIDE_TARGETS.maxReviewRate) {
    problems.push(`outside ${name}: ${evaluation.reviews.length} reviews of ordinary texts (${(evaluation.reviewRate * 100).toFixed(2)}%) exceed ${OUTSIDE_TARGETS.maxReviewRate * 100}%`);
  }
  return problems;
}
