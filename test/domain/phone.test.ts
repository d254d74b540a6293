import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalizePhone, searchDigitsOf, tryNormalizePhone } from '../../src/domain/phone.js';

describe('phone normalisation', () => {
  it.each([
    ['(415) 555-0101', 'US', '+14155550101'],
    ['415.555.0101', 'US', '+14155550101'],
    ['+1 415 555 0101', 'US', '+14155550101'],
    ['1-415-555-0101', 'US', '+14155550101'],
    ['4155550101', 'US', '+14155550101'],
    ['+44 20 7946 0958', 'US', '+442079460958'],
    ['020 7946 0958', 'GB', '+442079460958'],
    ['  +14155550101  ', 'US', '+14155550101'],
  ])('%s in %s is %s', (input, country, expected) => {
    expect(normalizePhone(input, country)).toBe(expected);
  });

  it.each([[''], ['abc'], ['12'], ['555-0101'], ['+1'], ['x'.repeat(100)]])('rejects %j with invalid_phone', (input) => {
    expect(() => normalizePhone(input, 'US')).toThrowError(expect.objectContaining({ code: 'invalid_phone', field: 'phone' }));
  });

  it('is idempotent on its own output and never throws from tryNormalizePhone', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (input) => {
        const once = tryNormalizePhone(input, 'US');
        if (once !== null) expect(tryNormalizePhone(once, 'US')).toBe(once);
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 2_000_000_000, max: 9_999_999_999 }), (n) => {
        const e164 = tryNormalizePhone(String(n), 'US');
        if (e164 !== null) expect(tryNormalizePhone(e164, 'US')).toBe(e164);
      }),
    );
  });

  it('reads search queries as digits only when they look like a phone number', () => {
    expect(searchDigitsOf('(415) 555-0101')).toBe('4155550101');
    expect(searchDigitsOf('555-0101')).toBe('5550101');
    expect(searchDigitsOf('+1 212')).toBe('1212');
    expect(searchDigitsOf('12')).toBeNull();
    expect(searchDigitsOf('maria')).toBeNull();
    expect(searchDigitsOf('maria 555')).toBeNull();
  });
});
