import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { WEBHOOK_RETRY_WINDOW_MS, webhookBody, webhookRetryDelayMs, webhookSignature } from '../../src/domain/webhook-events.js';

describe('webhook events', () => {
  it('signs "<t>.<body>" with HMAC-SHA256 keyed by the whole secret', () => {
    const body = '{"id":"e1"}';
    const expected = createHmac('sha256', 'whsec_abc').update(`1700000000.${body}`).digest('hex');
    expect(webhookSignature('whsec_abc', body, 1_700_000_000)).toBe(`t=1700000000,v1=${expected}`);
    expect(webhookSignature('whsec_abd', body, 1_700_000_000)).not.toBe(`t=1700000000,v1=${expected}`);
  });

  it('builds the contract\'s body with contactId beside the phone', () => {
    const body = webhookBody({
      id: 'e1',
      type: 'consent.opted_out',
      createdAt: '2026-12-02T10:00:00.000Z',
      organizationId: 'o1',
      contactId: 'c1',
      data: { phone: '+14155550101', source: 'keyword', keyword: 'STOP', rule: null, reason: 'Replied "STOP"', actor: { type: 'contact' }, consentEventId: 'ce1' },
    });
    expect(JSON.parse(body)).toEqual({
      id: 'e1',
      type: 'consent.opted_out',
      createdAt: '2026-12-02T10:00:00.000Z',
      organizationId: 'o1',
      data: { phone: '+14155550101', contactId: 'c1', source: 'keyword', keyword: 'STOP', rule: null, reason: 'Replied "STOP"', actor: { type: 'contact' }, consentEventId: 'ce1' },
    });
  });

  it.each([
    [1, 500, 1000],
    [2, 1000, 2000],
    [3, 2000, 4000],
    [10, 256_000, 512_000],
    [13, 1_800_000, 3_600_000],
    [40, 1_800_000, 3_600_000],
  ])('waits between half and all of base·2^(n-1), capped at an hour: retry %i', (attempt, low, high) => {
    expect(webhookRetryDelayMs(1000, attempt, 0)).toBe(low);
    expect(webhookRetryDelayMs(1000, attempt, 1)).toBe(high);
  });

  it('keeps retrying for at least 24 hours even with the shortest jitter', () => {
    let elapsed = 0;
    let attempt = 0;
    while (elapsed < WEBHOOK_RETRY_WINDOW_MS) elapsed += webhookRetryDelayMs(1000, ++attempt, 0);
    // The worker gives up only once 24 hours have passed, whatever the number of attempts.
    expect(attempt).toBeGreaterThan(40);
    expect(attempt).toBeLessThan(70);
  });
});
