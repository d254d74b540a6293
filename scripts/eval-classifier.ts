/**
 * Scores the inbound-text classifier against corpus/classifier-corpus.jsonl and times it.
 * Run with `npm run eval:classifier`; exits with status 1 when the corpus targets are not met.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { classifyInboundText, DEFAULT_CLASSIFIER_SETTINGS } from '../src/domain/classification/classify-inbound-text.js';
import { checkCorpusTargets, evaluateCorpus, parseCorpus, type CorpusEntry } from '../src/domain/classification/evaluate-corpus.js';
import { formatCorpusReport } from '../src/domain/classification/format-corpus-report.js';

const corpusUrl = new URL('../corpus/classifier-corpus.jsonl', import.meta.url);
const { entries, problems } = parseCorpus(readFileSync(corpusUrl, 'utf8'));
if (problems.length > 0) {
  console.error(`The corpus has problems:\n${problems.join('\n')}`);
  process.exit(1);
}

const classify = (entry: CorpusEntry) => classifyInboundText(entry.text, DEFAULT_CLASSIFIER_SETTINGS, { optedOut: entry.optedOut ?? false });
const evaluation = evaluateCorpus(entries, classify);

// Timing: warm up (JIT, settings cache), then time each corpus text over many repetitions.
for (let i = 0; i < 20; i++) for (const entry of entries) classify(entry);
const repetitions = 200;
let sink = 0;
const perEntry: number[] = [];
for (const entry of entries) {
  const started = performance.now();
  for (let i = 0; i < repetitions; i++) sink += classify(entry).action.length;
  perEntry.push(((performance.now() - started) * 1000) / repetitions);
}
if (sink === 0) console.log('');
const sorted = [...perEntry].sort((a, b) => a - b);
const timing = {
  iterations: repetitions * entries.length,
  meanMicros: perEntry.reduce((a, b) => a + b, 0) / perEntry.length,
  p99Micros: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? 0,
  maxMicros: sorted[sorted.length - 1] ?? 0,
};

console.log(formatCorpusReport(evaluation, timing));
const failures = checkCorpusTargets(evaluation);
if (failures.length > 0) {
  console.error(`\nTargets not met: ${failures.join('; ')}`);
  process.exit(1);
}
console.log('\nTargets met.');
