import type { InboundClassification } from './classification-types.js';
import { CORPUS_TARGETS, type CorpusEvaluation, type Miss } from './evaluate-corpus.js';

const pct = (value: number | null): string => (value === null ? '   n/a' : `${(value * 100).toFixed(1).padStart(5)}%`);

export function describeClassification(got: InboundClassification): string {
  switch (got.action) {
    case 'opted_out':
      return `opted_out (${got.rule ?? `keyword ${got.keyword ?? ''}`})`;
    case 'review':
      return `review (${got.rule})`;
    case 'opted_in':
    case 'help':
      return `${got.action} (${got.keyword})`;
    case 'none':
      return 'none';
  }
}

const listMisses = (misses: readonly Miss[]): string[] =>
  misses.length === 0 ? ['  (none)'] : misses.map((m) => `  ${JSON.stringify(m.entry.text)} → ${describeClassification(m.got)}${m.entry.optedOut ? ' [opted out]' : ''}`);

/** Renders the evaluation as the plain-text report printed by `npm run eval:classifier`. */
export function formatCorpusReport(evaluation: CorpusEvaluation, timing: { meanMicros: number; p99Micros: number; maxMicros: number; iterations: number } | null): string {
  const lines: string[] = [];
  lines.push(`Classifier corpus: ${evaluation.total} labelled texts, ${evaluation.correct} classified as labelled (${pct(evaluation.accuracy).trim()})`);
  lines.push('');
  lines.push('class       expected  predicted  correct  precision  recall');
  for (const c of evaluation.classes) {
    lines.push(`${c.action.padEnd(10)} ${String(c.expected).padStart(9)} ${String(c.predicted).padStart(10)} ${String(c.correct).padStart(8)}    ${pct(c.precision)}  ${pct(c.recall)}`);
  }
  lines.push('');
  lines.push(`Revocation recall (expected opted_out → opted_out): ${pct(evaluation.revocationRecall).trim()}   target ≥ ${CORPUS_TARGETS.minRevocationRecall * 100}%`);
  lines.push(`False opt-outs on ordinary replies: ${evaluation.falseOptOuts.length}/${evaluation.ordinaryCount} = ${pct(evaluation.falseOptOutRate).trim()}   target ≤ ${CORPUS_TARGETS.maxFalseOptOutRate * 100}%`);
  lines.push(...listMisses(evaluation.falseOptOuts));
  lines.push(`Missed revocations: ${evaluation.missedRevocations.length}`);
  lines.push(...listMisses(evaluation.missedRevocations));
  const others = evaluation.mismatches.filter((m) => m.entry.expected !== 'opted_out' && !(m.entry.expected === 'none' && m.got.action === 'opted_out'));
  lines.push(`Other mismatches: ${others.length}`);
  lines.push(...listMisses(others).map((l) => `${l}`));
  if (timing !== null) {
    lines.push('');
    lines.push(`Mean time per classification: ${timing.meanMicros.toFixed(2)} µs of CPU (p99 ${timing.p99Micros.toFixed(1)} µs, slowest text ${timing.maxMicros.toFixed(1)} µs; ${timing.iterations} classifications)`);
  }
  return lines.join('\n');
}
