import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyInboundText, DEFAULT_CLASSIFIER_SETTINGS } from '../../../src/domain/classification/classify-inbound-text.js';
import { checkCorpusTargets, CORPUS_TARGETS, evaluateCorpus, parseCorpus } from '../../../src/domain/classification/evaluate-corpus.js';

const source = readFileSync(new URL('../../../corpus/classifier-corpus.jsonl', import.meta.url), 'utf8');

describe('classifier corpus (corpus/classifier-corpus.jsonl)', () => {
  const { entries, problems } = parseCorpus(source);

  it('parses without problems and has enough distinct, labelled texts', () => {
    expect(problems).toEqual([]);
    expect(entries.length).toBeGreaterThanOrEqual(CORPUS_TARGETS.minEntries);
    const keys = entries.map((e) => `${e.optedOut === true}|${e.text}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const action of ['opted_out', 'review', 'none', 'opted_in', 'help'] as const) {
      expect(entries.some((e) => e.expected === action)).toBe(true);
    }
  });

  it(`meets the targets: revocation recall ≥ ${CORPUS_TARGETS.minRevocationRecall * 100}%, false opt-outs on ordinary replies ≤ ${CORPUS_TARGETS.maxFalseOptOutRate * 100}%`, () => {
    const evaluation = evaluateCorpus(entries, (e) => classifyInboundText(e.text, DEFAULT_CLASSIFIER_SETTINGS, { optedOut: e.optedOut ?? false }));
    expect(checkCorpusTargets(evaluation)).toEqual([]);
  });
});

describe('evaluateCorpus', () => {
  it('computes per-class precision and recall, false opt-outs and missed revocations', () => {
    const evaluation = evaluateCorpus(
      [
        { text: 'a', expected: 'opted_out' },
        { text: 'b', expected: 'opted_out' },
        { text: 'c', expected: 'none' },
        { text: 'd', expected: 'none' },
      ],
      (e) => (e.text === 'a' || e.text === 'c' ? { action: 'opted_out', source: 'keyword', keyword: 'X', rule: null, language: 'en' } : { action: 'none' }),
    );
    expect(evaluation.revocationRecall).toBe(0.5);
    expect(evaluation.missedRevocations.map((m) => m.entry.text)).toEqual(['b']);
    expect(evaluation.falseOptOuts.map((m) => m.entry.text)).toEqual(['c']);
    expect(evaluation.falseOptOutRate).toBe(0.5);
    expect(evaluation.classes.find((c) => c.action === 'opted_out')).toMatchObject({ expected: 2, predicted: 2, correct: 1, precision: 0.5, recall: 0.5 });
    expect(evaluation.classes.find((c) => c.action === 'help')).toMatchObject({ expected: 0, predicted: 0, precision: null, recall: null });
    expect(checkCorpusTargets(evaluation)).toHaveLength(3);
  });

  it('reports bad corpus lines with their line numbers', () => {
    const { entries, problems } = parseCorpus('{"text":"STOP","expected":"opted_out"}\n\nnot json\n{"text":"x","expected":"maybe"}\n// comment\n{"text":"y","expected":"none","optedOut":"no"}');
    expect(entries).toHaveLength(1);
    expect(problems).toEqual(['line 3: not valid JSON', 'line 4: "expected" must be one of opted_out, review, none, opted_in, help', 'line 6: "optedOut" must be a boolean']);
  });
});
