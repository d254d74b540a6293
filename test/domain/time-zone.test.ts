import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors.js';
import { bucketStarts, resolveDateRange } from '../../src/domain/insight-range.js';
import { isValidTimeZone, localDateOf, startOfLocalDay, startOfWeek } from '../../src/domain/time-zone.js';

describe('days in a time zone', () => {
  it.each([
    ['2026-11-02', 'America/New_York', '2026-11-02T05:00:00.000Z'], // EST
    ['2026-07-02', 'America/New_York', '2026-07-02T04:00:00.000Z'], // EDT
    ['2026-03-08', 'America/New_York', '2026-03-08T05:00:00.000Z'], // the day clocks spring forward (23 hours)
    ['2026-11-01', 'America/New_York', '2026-11-01T04:00:00.000Z'], // the day clocks fall back (25 hours)
    ['2026-09-06', 'America/Santiago', '2026-09-06T04:00:00.000Z'], // midnight does not exist: the day starts at 01:00
    ['2026-06-01', 'Asia/Kolkata', '2026-05-31T18:30:00.000Z'],
    ['2026-06-01', 'UTC', '2026-06-01T00:00:00.000Z'],
  ])('%s in %s starts at %s', (date, zone, instant) => {
    expect(startOfLocalDay(date, zone).toISOString()).toBe(instant);
  });

  it('puts 23:30 in New York on that day, not the next UTC day', () => {
    expect(localDateOf(new Date('2026-11-03T04:30:00.000Z'), 'America/New_York')).toBe('2026-11-02');
    expect(localDateOf(new Date('2026-11-03T04:30:00.000Z'), 'Europe/Paris')).toBe('2026-11-03');
  });

  it.each([
    ['America/New_York', true],
    ['America/Argentina/Buenos_Aires', true],
    ['UTC', true],
    ['EST', false],
    ['+02:00', false],
    ['Mars/Olympus_Mons', false],
    ['', false],
  ])('%s is a valid IANA zone: %s', (zone, valid) => {
    expect(isValidTimeZone(zone)).toBe(valid);
  });

  it('starts weeks on Monday', () => {
    expect(startOfWeek('2026-12-02')).toBe('2026-11-30');
    expect(startOfWeek('2026-11-30')).toBe('2026-11-30');
    expect(startOfWeek('2026-12-06')).toBe('2026-11-30');
  });
});

describe('insight ranges', () => {
  it('defaults to the last 30 days, today included', () => {
    expect(resolveDateRange({}, '2026-12-02')).toEqual({ from: '2026-11-03', to: '2026-12-02' });
    expect(resolveDateRange({ to: '2026-03-01' }, '2026-12-02')).toEqual({ from: '2026-01-31', to: '2026-03-01' });
  });

  it('allows a year (366 days) and refuses more, reversed ranges and impossible dates', () => {
    expect(resolveDateRange({ from: '2024-01-01', to: '2024-12-31' }, '2026-12-02')).toEqual({ from: '2024-01-01', to: '2024-12-31' });
    for (const query of [{ from: '2024-01-01', to: '2025-01-01' }, { from: '2026-12-03', to: '2026-12-02' }, { from: '2026-02-29' }, { to: '2026-1-1' }]) {
      expect(() => resolveDateRange(query, '2026-12-02'), JSON.stringify(query)).toThrow(AppError);
    }
  });

  it('makes one bucket a day, or whole weeks from Monday', () => {
    expect(bucketStarts({ from: '2026-11-29', to: '2026-12-01' }, 'day')).toEqual(['2026-11-29', '2026-11-30', '2026-12-01']);
    expect(bucketStarts({ from: '2026-12-02', to: '2026-12-09' }, 'week')).toEqual(['2026-11-30', '2026-12-07']);
  });
});
