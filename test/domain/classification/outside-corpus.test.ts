import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyInboundText, DEFAULT_CLASSIFIER_SETTINGS } from '../../../src/domain/classification/classify-inbound-text.js';
import { checkOutsideTargets, evaluateOutsidePart, OUTSIDE_TARGETS } from '../../../src/domain/classification/evaluate-outside.js';
import { keywordVariants, REGULATORY_OPT_OUT_KEYWORDS } from '../../../src/domain/classification/keyword-variants.js';
import {
  fnv1a32,
  labelOutsideTexts,
  outsidePart,
  parseOutsideLabels,
  parseSmsSpamCollection,
} from '../../../src/domain/classification/outside-corpus.js';

const read = (path: string) => readFileSync(new URL(`../../../corpus/sms-spam-collection/${path}`, import.meta.url), 'utf8');
const classify = (e: { text: string }) => classifyInboundText(e.text, DEFAULT_CLASSIFIER_SETTINGS, { optedOut: false });

describe('outside set (SMS Spam Collection ham texts, nobody here wrote them)', () => {
  const collection = parseSmsSpamCollection(read('SMSSpamCollection'));
  const labels = parseOutsideLabels(read('labels.jsonl'));
  const { entries, problems } = labelOutsideTexts(collection.texts, labels.labels);

  it('parses as published, and every hand label sits on its own line and text', () => {
    expect([...collection.problems, ...labels.problems, ...problems]).toEqual([]);
    expect(collection.texts).toHaveLength(4518);
    expect(labels.labels.length).toBeGreaterThan(0);
  });

  it.each(['development', 'held_out'] as const)(
    `the %s part: ≥ ${OUTSIDE_TARGETS.minTexts} texts, false opt-outs ≤ ${OUTSIDE_TARGETS.maxFalseOptOutRate * 100}%, reviews of ordinary texts ≤ ${OUTSIDE_TARGETS.maxReviewRate * 100}%`,
    (part) => {
      const evaluation = evaluateOutsidePart(part, entries, classify);
      expect(evaluation.texts).toBeGreaterThanOrEqual(OUTSIDE_TARGETS.minTexts);
      const allowed = Math.floor(evaluation.nonRevocations * OUTSIDE_TARGETS.maxFalseOptOutRate);
      expect(evaluation.falseOptOuts.map((m) => m.entry.text).length).toBeLessThanOrEqual(allowed);
      expect(checkOutsideTargets(evaluation)).toEqual([]);
    },
  );
});

describe('every regulatory keyword, in any case, punctuation, spacing or width, opts out', () => {
  it.each(REGULATORY_OPT_OUT_KEYWORDS)('%s', (keyword) => {
    const variants = keywordVariants(keyword);
    expect(variants.length).toBeGreaterThan(90);
    const missed = variants.filter((text) => classifyInboundText(text, DEFAULT_CLASSIFIER_SETTINGS, { optedOut: false }).action !== 'opted_out');
    expect(missed).toEqual([]);
  });
});

describe('parsing and splitting the outside set', () => {
  it('splits by a stable hash (FNV-1a test vectors), so repeats land in the same part', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
    expect(fnv1a32('hello')).toBe(0x4f9f2cab);
    expect(outsidePart('foobar')).toBe('held_out');
    expect(outsidePart('hello')).toBe('development');
    expect(outsidePart('Ok lar... Joking wif u oni...')).toBe('development');
  });

  it('keeps distinct ham texts with their first line, decodes the HTML entities, reports bad lines', () => {
    const { texts, problems } = parseSmsSpamCollection('ham\tSee you at &lt;#&gt; &amp; bring it\nspam\tWIN a prize\nham\tok\nham\tok\nnonsense\n');
    expect(texts.map((t) => [t.line, t.text])).toEqual([[1, 'See you at <#> & bring it'], [3, 'ok']]);
    expect(problems).toEqual(['line 5: expected "ham" or "spam" and a tab']);
  });

  it('refuses a label whose text or part does not match its line', () => {
    const { texts } = parseSmsSpamCollection('ham\tstop it\nham\thello\n');
    const part = outsidePart('stop it');
    const good = labelOutsideTexts(texts, [{ line: 1, text: 'stop it', part, expected: 'review', note: 'x' }]);
    expect(good.problems).toEqual([]);
    expect(good.entries.map((e) => e.expected)).toEqual(['review', 'none']);
    expect(labelOutsideTexts(texts, [{ line: 1, text: 'stop', part, expected: 'review', note: 'x' }]).problems).toEqual([
      "label for line 1: its text differs from the collection's",
    ]);
    expect(labelOutsideTexts(texts, [{ line: 7, text: 'x', part, expected: 'review', note: 'x' }]).problems).toEqual([
      'label for line 7: no distinct ham text starts on that line',
    ]);
    expect(parseOutsideLabels('{"line":1,"text":"a","part":"development","expected":"none","note":"x"}').problems).toEqual([
      'labels line 1: "expected" must be opted_out or review',
    ]);
  });
});
