import { describe, expect, it } from 'vitest';
import { bodyTellsHowToOptOut, decideOptOutNotice, NOTICE_SILENCE_MS, type NoticeSettings } from '../../src/domain/opt-out-notice.js';
import { DEFAULT_OPT_OUT_SETTINGS } from '../../src/domain/opt-out-settings.js';

const settings: NoticeSettings = DEFAULT_OPT_OUT_SETTINGS;
const at = new Date('2026-12-01T12:00:00Z');
const daysBefore = (days: number) => new Date(at.getTime() - days * 24 * 3600 * 1000).toISOString();

describe('whether a body already tells how to opt out', () => {
  it.each([
    ['Reply STOP to opt out', true],
    ['Text STOP to end these messages', true],
    ['Your quote is ready. STOP=end', true],
    ['To unsubscribe, visit our site', true],
    ['You can opt-out at any time', true],
    ['Responda STOP para darse de baja', true],
    ['Pour vous désinscrire, répondez', true],
    ['Stop by our office on Friday', false],
    ['We can stop the install if needed', false],
    ['The end of the month works', false],
    ['Your quote is ready', false],
    ['STOPWATCH deals today', false],
  ])('%s → %s', (body, expected) => {
    expect(bodyTellsHowToOptOut(body, settings)).toBe(expected);
  });

  it('reads the organization\'s own opt-out keywords in capitals', () => {
    expect(bodyTellsHowToOptOut('Text HALT any time', { ...settings, optOutKeywords: ['HALT'] })).toBe(true);
    expect(bodyTellsHowToOptOut('Text HALT any time', settings)).toBe(false);
  });
});

describe('which texts get the notice', () => {
  const decide = (overrides: Partial<Parameters<typeof decideOptOutNotice>[0]>) =>
    decideOptOutNotice({ settings, purpose: 'manual', body: 'Your quote is ready', lastTextAt: null, at, ...overrides });

  it.each([
    ['the first text ever', {}, { add: true, reason: 'first_text', notice: 'Reply STOP to opt out.' }],
    ['a text 29 days after the last', { lastTextAt: daysBefore(29) }, { add: false, reason: 'recent_text' }],
    ['a text 30 days after the last', { lastTextAt: daysBefore(30) }, { add: true, reason: 'after_silence' }],
    ['a sequence step as first text', { purpose: 'sequence' as const }, { add: true, reason: 'first_text' }],
    ['an API send as first text', { purpose: 'api' as const }, { add: true }],
    ['the opt-out confirmation', { purpose: 'reply_opt_out' as const }, { add: false, reason: 'not_outreach' }],
    ['a HELP reply', { purpose: 'reply_help' as const }, { add: false, reason: 'not_outreach' }],
    ['the opt-in confirmation', { purpose: 'reply_opt_in' as const }, { add: false, reason: 'not_outreach' }],
    ['a body that says Reply STOP', { body: 'Hi! Reply STOP to end' }, { add: false, reason: 'already_in_body' }],
    ['with the setting off', { settings: { ...settings, optOutNoticeEnabled: false } }, { add: false, reason: 'disabled' }],
  ])('%s', (_name, overrides, expected) => {
    expect(decide(overrides)).toMatchObject(expected);
  });

  it('counts the silence to the millisecond', () => {
    const justUnder = new Date(Date.parse(daysBefore(0)) - NOTICE_SILENCE_MS + 1).toISOString();
    expect(decide({ lastTextAt: justUnder }).add).toBe(false);
  });
});
