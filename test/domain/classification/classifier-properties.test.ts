import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  classifyInboundText,
  DEFAULT_CLASSIFIER_SETTINGS,
  type ClassifierSettings,
  type InboundClassification,
} from '../../../src/domain/classification/classify-inbound-text.js';

const settings = DEFAULT_CLASSIFIER_SETTINGS;
const ACTIONS = new Set(['opted_out', 'opted_in', 'help', 'review', 'none']);

function isWellFormed(result: InboundClassification): boolean {
  if (!ACTIONS.has(result.action)) return false;
  if (result.action === 'opted_out') return (result.source === 'keyword') === (result.rule === null);
  return true;
}

const noise = fc.constantFrom(' ', '  ', '\t', '\n', '\r\n', '.', '!', '!!!', '?', ',', '"', "'", '(', ')', '¡', '¿', '*', '~', '-', '…', '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD', '\u00A0', '\u3000', ':)');
const surrounding = fc.array(noise, { maxLength: 5 }).map((parts) => parts.join(''));

describe('classifier properties', () => {
  it('adding surrounding whitespace, punctuation or zero-width characters to a keyword never changes the outcome', () => {
    fc.assert(
      fc.property(fc.constantFrom(...settings.optOutKeywords), surrounding, surrounding, fc.boolean(), (keyword, before, after, lower) => {
        const text = `${before}${lower ? keyword.toLowerCase() : keyword}${after}`;
        expect(classifyInboundText(text, settings, { optedOut: false })).toEqual(classifyInboundText(keyword, settings, { optedOut: false }));
      }),
      { numRuns: 3000 },
    );
  });

  it('zero-width characters inside an opt-out keyword do not hide it', () => {
    fc.assert(
      fc.property(fc.constantFrom('STOP', 'UNSUBSCRIBE', 'STOPALL', 'REVOKE', 'OPTOUT'), fc.nat(), fc.constantFrom('\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD'), (keyword, n, zw) => {
        const i = 1 + (n % (keyword.length - 1));
        const text = keyword.slice(0, i) + zw + keyword.slice(i);
        expect(classifyInboundText(text, settings, { optedOut: false })).toMatchObject({ action: 'opted_out', source: 'keyword', keyword });
      }),
    );
  });

  it('never throws and always returns a well-formed result for random text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), fc.boolean(), (text, optedOut) => {
        expect(isWellFormed(classifyInboundText(text, settings, { optedOut }))).toBe(true);
      }),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        expect(isWellFormed(classifyInboundText(text, settings, { optedOut: false }))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on random words from the trigger vocabulary either', () => {
    const trigger = fc.constantFrom('stop', 'STOP', 'end', 'cancel', 'quit', 'remove', 'me', 'my', 'number', 'wrong', 'text', 'texting', 'call', "don't", 'not', 'no', 'more', 'please', 'list', 'alto', 'baja', 'arrêt', 'plus', 'ne', 'me', '🛑', '✋', ',', '.', '?', 'unsubscribe', 'opt', 'out', 'leave', 'alone', 'if', 'why');
    fc.assert(
      fc.property(fc.array(trigger, { maxLength: 12 }), fc.boolean(), (words, optedOut) => {
        expect(isWellFormed(classifyInboundText(words.join(' '), settings, { optedOut }))).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('text made of ordinary words only (none of the trigger words) classifies none', () => {
    const ordinary = fc.constantFrom(
      'the', 'a', 'price', 'quote', 'tomorrow', 'monday', 'great', 'thanks', 'sounds', 'good', 'meeting', 'at', '3pm', 'can', 'we', 'talk',
      'about', 'the', 'contract', 'discount', 'house', 'car', 'interested', 'yes', 'ok', 'send', 'me', 'details', 'when', 'is', 'it', 'ready',
      'I', 'will', 'be', 'there', 'office', 'lunch', 'perfect', 'how', 'much', 'for', 'two', 'of', 'them', 'maybe', 'next', 'week', '👍', '😊',
      ',', '.', '?', '!', 'shop', 'step', 'quite', 'stopwatch', 'weekend', 'ended', 'cancellation',
    );
    fc.assert(
      fc.property(fc.array(ordinary, { minLength: 2, maxLength: 14 }), (words) => {
        expect(classifyInboundText(words.join(' '), settings, { optedOut: false })).toEqual({ action: 'none' });
      }),
      { numRuns: 3000 },
    );
  });

  it('an opt-out keyword always opts out, whatever the opt-in and help lists say', () => {
    fc.assert(
      fc.property(fc.constantFrom(...settings.optOutKeywords), fc.boolean(), (keyword, optedOut) => {
        const clash: ClassifierSettings = { ...settings, optInKeywords: [keyword, 'START'], helpKeywords: [keyword] };
        expect(classifyInboundText(keyword, clash, { optedOut })).toMatchObject({ action: 'opted_out', source: 'keyword' });
      }),
    );
  });

  it('is deterministic and does not depend on the settings object identity', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        const copy: ClassifierSettings = JSON.parse(JSON.stringify(settings)) as ClassifierSettings;
        expect(classifyInboundText(text, copy, { optedOut: false })).toEqual(classifyInboundText(text, settings, { optedOut: false }));
      }),
    );
  });
});
