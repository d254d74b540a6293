import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeInboundText, normalizeKeywordList } from '../../../src/domain/classification/classify-inbound-text.js';

describe('normalizeInboundText (DESIGN rule 2)', () => {
  it.each([
    ['  ¡Ｓ\u200BTop!! ', 'STOP'],
    ['opt-out', 'OPT-OUT'],
    ['OPT \t\n  OUT', 'OPT OUT'],
    ['ˢᵗᵒᵖ', 'STOP'],
    ['stop :)', 'STOP'],
    ['"Stop," she said.', 'STOP," SHE SAID'],
    ['\u00ADs\u00ADt\u00ADo\u00ADp\u00AD', 'STOP'],
    ['straße', 'STRASSE'],
    ['ﬁn', 'FIN'],
    ['⛔️', '⛔'],
    ['', ''],
    ['   ', ''],
    ['!!!', ''],
  ])('%j → %j', (input, expected) => {
    expect(normalizeInboundText(input)).toBe(expected);
  });

  it('is idempotent for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (text) => {
        const once = normalizeInboundText(text);
        expect(normalizeInboundText(once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => {
        const once = normalizeInboundText(text);
        expect(normalizeInboundText(once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });

  it('never leaves surrounding whitespace or zero-width characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => {
        const out = normalizeInboundText(text);
        expect(out).toBe(out.trim());
        expect(out).not.toMatch(/[\u200B-\u200D\u2060\uFEFF\u00AD]/);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('normalizeKeywordList', () => {
  it('trims, normalises, upper-cases and de-duplicates keeping the first', () => {
    expect(normalizeKeywordList([' stop ', 'Opt-Out', 'STOP', 'ｓｔｏｐ', 'arrêt', 'opt   out'])).toEqual({ ok: true, keywords: ['STOP', 'OPT-OUT', 'ARRÊT', 'OPT OUT'] });
  });
  it('accepts an empty list', () => {
    expect(normalizeKeywordList([])).toEqual({ ok: true, keywords: [] });
  });
  it.each([
    [['STOP', '   '], 'Keyword 2 is empty.'],
    [['\u200B'], 'Keyword 1 is empty.'],
    [['!!'], 'Keyword 1 is empty.'],
    [['X'.repeat(41)], 'Keyword 1 is longer than 40 characters.'],
    [[42 as unknown as string], 'Keyword 1 is not a string.'],
  ])('rejects %j', (list, problem) => {
    expect(normalizeKeywordList(list)).toEqual({ ok: false, problem });
  });
  it('accepts exactly 40 characters', () => {
    expect(normalizeKeywordList(['Y'.repeat(40)])).toEqual({ ok: true, keywords: ['Y'.repeat(40)] });
  });
  it('rejects a non-array without throwing', () => {
    expect(normalizeKeywordList('STOP' as unknown as string[])).toEqual({ ok: false, problem: 'Keywords must be a list of strings.' });
  });
  it('never throws and returns normalised, unique keywords of 1–40 characters', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme', maxLength: 50 }), { maxLength: 8 }), (list) => {
        const result = normalizeKeywordList(list);
        if (result.ok) {
          expect(new Set(result.keywords).size).toBe(result.keywords.length);
          for (const k of result.keywords) {
            expect(normalizeInboundText(k)).toBe(k);
            expect([...k].length).toBeGreaterThan(0);
            expect([...k].length).toBeLessThanOrEqual(40);
          }
        } else {
          expect(result.problem).toMatch(/^Keyword \d+ /);
        }
      }),
    );
  });
});
