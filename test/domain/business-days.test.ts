import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addBusinessDays, businessDaysBetween, isBusinessDay, usFederalHolidays } from '../../src/domain/business-days.js';

describe('the ten-business-day revocation clock', () => {
  it('knows the observed US federal holidays', () => {
    expect([...usFederalHolidays(2026)].sort()).toEqual([
      '2026-01-01', '2026-01-19', '2026-02-16', '2026-05-25', '2026-06-19', '2026-07-03', '2026-09-07', '2026-10-12', '2026-11-11', '2026-11-26', '2026-12-25',
    ]);
    // 2022-01-01 was a Saturday: observed on Friday 2021-12-31.
    expect(usFederalHolidays(2021).has('2021-12-31')).toBe(true);
    // 2023-01-01 was a Sunday: observed on Monday 2023-01-02.
    expect(usFederalHolidays(2023).has('2023-01-02')).toBe(true);
  });

  it.each([
    ['2026-11-20T10:00:00.000Z', '2026-12-07T10:00:00.000Z'], // Friday; Thanksgiving skipped
    ['2026-12-21T15:30:00.000Z', '2027-01-06T15:30:00.000Z'], // Christmas and New Year's Day skipped
    ['2026-11-28T09:00:00.000Z', '2026-12-11T09:00:00.000Z'], // received on a Saturday
    ['2026-06-15T00:00:00.000Z', '2026-06-30T00:00:00.000Z'], // Juneteenth skipped
  ])('a revocation received %s is due by %s', (received, due) => {
    expect(addBusinessDays(new Date(received), 10).toISOString()).toBe(due);
  });

  it('never lands on a weekend or holiday and counts back to the same number of days', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true }), fc.integer({ min: 1, max: 30 }), (start, days) => {
        const due = addBusinessDays(start, days);
        expect(isBusinessDay(due)).toBe(true);
        expect(businessDaysBetween(start, due)).toBe(days);
        expect(businessDaysBetween(due, due)).toBe(0);
      }),
      { numRuns: 300 },
    );
  });
});
