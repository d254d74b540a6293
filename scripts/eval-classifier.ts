/**
 * Scores the inbound-text classifier and times it:
 *  1. the project corpus (corpus/classifier-corpus.jsonl, written here);
 *  2. every regulatory opt-out keyword in many spellings (must opt out 100%);
 *  3. the outside set (corpus/sms-spam-collection/, real SMS nobody here wrote), development and
 *     held-out parts reported separately. Held-out texts are listed only with `-- --show-held-out`.
 * Exits with status 1 when any target is missed.
 */
import { readFileSync } from 'node:fs';
import { classifyInboundText, DEFAULT_CLASSIFIER_SETTINGS } from '../src/domain/classification/classify-inbound-text.js';
import { checkCorpusTargets, evaluateCorpus, parseCorpus, type CorpusEntry } from '../src/domain/classification/evaluate-corpus.js';
import { checkOutsideTargets, evaluateOutsidePart } from '../src/domain/classification/evaluate-outside.js';
import { formatCorpusReport } from '../src/domain/classification/format-corpus-report.js';
import { formatOutsidePart } from '../src/domain/classification/format-outside-report.js';
import { keywordVariants, REGULATORY_OPT_OUT_KEYWORDS } from '../src/domain/classification/keyword-variants.js';
import { labelOutsideTexts, parseOutsideLabels, parseSmsSpamCollection } from '../src/domain/classification/outside-corpus.js';

const read = (path: string): string => readFileSync(new URL(path, import.meta.url), 'utf8');
const showHeldOut = process.argv.includes('--show-held-out');

const project = parseCorpus(read('../corpus/classifier-corpus.jsonl'));
const collection = parseSmsSpamCollection(read('../corpus/sms-spam-collection/SMSSpamCollection'));
const labels = parseOutsideLabels(read('../corpus/sms-spam-collection/labels.jsonl'));
const outside = labelOutsideTexts(collection.texts, labels.labels);
const inputProblems = [...project.problems, ...collection.problems, ...labels.problems, ...outside.problems];
if (inputProblems.length > 0) {
  console.error(`The evaluation data has problems:\n${inputProblems.join('\n')}`);
  process.exit(1);
}

const classify = (entry: CorpusEntry) => classifyInboundText(entry.text, DEFAULT_CLASSIFIER_SETTINGS, { optedOut: entry.optedOut ?? false });

/**
 * Mean, p99 and slowest µs of CPU per text: warm up (JIT, settings cache), then time each text over many
 * repetitions. CPU time, not wall time: on a shared machine wall time mostly measures the other processes.
 */
function time(entries: readonly CorpusEntry[], repetitions: number) {
  for (let i = 0; i < 10; i++) for (const entry of entries) classify(entry);
  let sink = 0;
  const perEntry: number[] = [];
  for (const entry of entries) {
    const started = process.cpuUsage();
    for (let i = 0; i < repetitions; i++) sink += classify(entry).action.length;
    const used = process.cpuUsage(started);
    perEntry.push((used.user + used.system) / repetitions);
  }
  if (sink === 0) console.log('');
  const sorted = [...perEntry].sort((a, b) => a - b);
  return {
    iterations: repetitions * entries.length,
    meanMicros: perEntry.reduce((a, b) => a + b, 0) / perEntry.length,
    p99Micros: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? 0,
    maxMicros: sorted[sorted.length - 1] ?? 0,
  };
}

// 1. Project corpus.
const projectEvaluation = evaluateCorpus(project.entries, classify);
console.log(formatCorpusReport(projectEvaluation, time(project.entries, 200)));

// 2. Exact keywords.
const keywordTexts = REGULATORY_OPT_OUT_KEYWORDS.flatMap((k) => keywordVariants(k));
const keywordMisses = keywordTexts.filter((t) => classifyInboundText(t, DEFAULT_CLASSIFIER_SETTINGS, { optedOut: false }).action !== 'opted_out');
console.log(`\nExact keywords (${REGULATORY_OPT_OUT_KEYWORDS.join(', ')}; case, punctuation, spacing, width, invisible characters):`);
console.log(`  opted out ${keywordTexts.length - keywordMisses.length}/${keywordTexts.length}   target 100%`);
for (const miss of keywordMisses) console.log(`    ${JSON.stringify(miss)}`);

// 3. Outside set.
const development = evaluateOutsidePart('development', outside.entries, classify);
const heldOut = evaluateOutsidePart('held_out', outside.entries, classify);
const outsideTiming = time(outside.entries, 20);
console.log('');
console.log(formatOutsidePart(development, true));
console.log('');
console.log(formatOutsidePart(heldOut, showHeldOut));
console.log(`\nOutside set timing: ${outsideTiming.meanMicros.toFixed(2)} µs of CPU per text (p99 ${outsideTiming.p99Micros.toFixed(1)} µs, slowest ${outsideTiming.maxMicros.toFixed(1)} µs)`);

const failures = [
  ...checkCorpusTargets(projectEvaluation),
  ...(keywordMisses.length > 0 ? [`${keywordMisses.length} exact keyword spellings did not opt out`] : []),
  ...checkOutsideTargets(development),
  ...checkOutsideTargets(heldOut),
];
if (failures.length > 0) {
  console.error(`\nTargets not met:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log('\nAll targets met.');
