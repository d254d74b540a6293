import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { typoDistance } from '../../../src/domain/classification/typo-distance.js';

describe('typoDistance (optimal string alignment, capped)', () => {
  it.each([
    ['STOP', 'STOP', 0], ['SOTP', 'STOP', 1], ['STPO', 'STOP', 1], ['STOPP', 'STOP', 1], ['STP', 'STOP', 1], ['SHOP', 'STOP', 1],
    ['SPOT', 'STOP', 2], ['POTS', 'STOP', 2], ['UNSUBSCIBE', 'UNSUBSCRIBE', 1], ['UNSUSBCRIBE', 'UNSUBSCRIBE', 1], ['', 'STOP', 2],
  ])('%s ↔ %s = %i (max 1, capped at 2)', (a, b, expected) => {
    expect(typoDistance(a, b, 1)).toBe(expected);
  });

  it('is symmetric and zero only for equal strings', () => {
    const word = fc.string({ unit: fc.constantFrom('S', 'T', 'O', 'P', 'A'), maxLength: 7 });
    fc.assert(
      fc.property(word, word, (a, b) => {
        expect(typoDistance(a, b, 3)).toBe(typoDistance(b, a, 3));
        expect(typoDistance(a, b, 3) === 0).toBe(a === b);
      }),
    );
  });

  it('counts one adjacent transposition as one edit', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('A', 'B', 'C', 'D'), minLength: 2, maxLength: 8 }), fc.nat(), (word, n) => {
        const i = n % (word.length - 1);
        const swapped = word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
        expect(typoDistance(word, swapped, 1)).toBe(word[i] === word[i + 1] ? 0 : 1);
      }),
    );
  });
});
