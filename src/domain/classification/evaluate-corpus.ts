import type { InboundAction, InboundClassification, Language } from './classification-types.js';

/** One labelled inbound text of the classifier corpus (corpus/classifier-corpus.jsonl). */
export interface CorpusEntry {
  readonly text: string;
  readonly expected: InboundAction;
  readonly lang?: Language;
  /** Whether the number is opted out when the text arrives (default false). */
  readonly optedOut?: boolean;
  readonly note?: string;
}

export interface ClassStats {
  readonly action: InboundAction;
  /** Entries labelled with this action. */
  readonly expected: number;
  /** Entries classified as this action. */
  readonly predicted: number;
  readonly correct: number;
  /** null when nothing was predicted / expected. */
  readonly precision: number | null;
  readonly recall: number | null;
}

export interface Miss {
  readonly entry: CorpusEntry;
  readonly got: InboundClassification;
}

export interface CorpusEvaluation {
  readonly total: number;
  readonly correct: number;
  readonly accuracy: number;
  readonly classes: readonly ClassStats[];
  /** Expected opted_out: how many were caught. */
  readonly revocationRecall: number;
  readonly missedRevocations: readonly Miss[];
  /** Expected none but classified opted_out, over all expected none. */
  readonly ordinaryCount: number;
  readonly falseOptOutRate: number;
  readonly falseOptOuts: readonly Miss[];
  readonly mismatches: readonly Miss[];
}

/** The figures the corpus must meet (a unit test and `npm run eval:classifier` enforce them). */
export const CORPUS_TARGETS = Object.freeze({ minRevocationRecall: 0.99, maxFalseOptOutRate: 0.02, minEntries: 450 });

export const ACTIONS: readonly InboundAction[] = ['opted_out', 'review', 'none', 'opted_in', 'help'];

const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b);

/** Scores a classifier against labelled entries. Pure: the caller passes the classifier. */
export function evaluateCorpus(entries: readonly CorpusEntry[], classify: (entry: CorpusEntry) => InboundClassification): CorpusEvaluation {
  const results: Miss[] = entries.map((entry) => ({ entry, got: classify(entry) }));
  const classes = ACTIONS.map((action): ClassStats => {
    const expected = results.filter((r) => r.entry.expected === action).length;
    const predicted = results.filter((r) => r.got.action === action).length;
    const correct = results.filter((r) => r.entry.expected === action && r.got.action === action).length;
    return { action, expected, predicted, correct, precision: ratio(correct, predicted), recall: ratio(correct, expected) };
  });
  const revocations = results.filter((r) => r.entry.expected === 'opted_out');
  const ordinary = results.filter((r) => r.entry.expected === 'none');
  const falseOptOuts = ordinary.filter((r) => r.got.action === 'opted_out');
  const mismatches = results.filter((r) => r.got.action !== r.entry.expected);
  const correct = results.length - mismatches.length;
  return {
    total: results.length,
    correct,
    accuracy: ratio(correct, results.length) ?? 0,
    classes,
    revocationRecall: ratio(revocations.length - revocations.filter((r) => r.got.action !== 'opted_out').length, revocations.length) ?? 0,
    missedRevocations: revocations.filter((r) => r.got.action !== 'opted_out'),
    ordinaryCount: ordinary.length,
    falseOptOutRate: ratio(falseOptOuts.length, ordinary.length) ?? 0,
    falseOptOuts,
    mismatches,
  };
}

/** Problems with the figures against CORPUS_TARGETS; empty when they are met. */
export function checkCorpusTargets(evaluation: CorpusEvaluation): string[] {
  const problems: string[] = [];
  if (evaluation.total < CORPUS_TARGETS.minEntries) problems.push(`corpus has ${evaluation.total} entries, fewer than ${CORPUS_TARGETS.minEntries}`);
  if (evaluation.revocationRecall < CORPUS_TARGETS.minRevocationRecall) {
    problems.push(`revocation recall ${(evaluation.revocationRecall * 100).toFixed(1)}% is below ${CORPUS_TARGETS.minRevocationRecall * 100}%`);
  }
  if (evaluation.falseOptOutRate > CORPUS_TARGETS.maxFalseOptOutRate) {
    problems.push(`false opt-outs on ordinary replies ${(evaluation.falseOptOutRate * 100).toFixed(1)}% exceed ${CORPUS_TARGETS.maxFalseOptOutRate * 100}%`);
  }
  return problems;
}

const LANGUAGES: ReadonlySet<string> = new Set(['en', 'es', 'fr']);

/**
 * Parses the JSON Lines corpus (one object per line; blank lines and lines starting with "//" skipped).
 * Returns every problem with its line number instead of throwing.
 */
export function parseCorpus(source: string): { entries: CorpusEntry[]; problems: string[] } {
  const entries: CorpusEntry[] = [];
  const problems: string[] = [];
  source.split('\n').forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('//')) return;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch {
      problems.push(`line ${index + 1}: not valid JSON`);
      return;
    }
    const o = value as Record<string, unknown>;
    if (typeof o !== 'object' || o === null || typeof o['text'] !== 'string') return void problems.push(`line ${index + 1}: "text" must be a string`);
    if (!ACTIONS.includes(o['expected'] as InboundAction)) return void problems.push(`line ${index + 1}: "expected" must be one of ${ACTIONS.join(', ')}`);
    if (o['lang'] !== undefined && !LANGUAGES.has(o['lang'] as string)) return void problems.push(`line ${index + 1}: "lang" must be en, es or fr`);
    if (o['optedOut'] !== undefined && typeof o['optedOut'] !== 'boolean') return void problems.push(`line ${index + 1}: "optedOut" must be a boolean`);
    if (o['note'] !== undefined && typeof o['note'] !== 'string') return void problems.push(`line ${index + 1}: "note" must be a string`);
    entries.push(o as unknown as CorpusEntry);
  });
  return { entries, problems };
}
