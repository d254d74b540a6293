import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { call, createTestApp, signUpOrganization, type Organization, type TestApp } from '../support/test-app.js';

// Concurrent inbound texts share group-commit transactions; each must still be answered as if it were alone.
describe.each(DIALECTS)('a storm of inbound texts (%s)', (dialect) => {
  let t: TestApp;
  let org: Organization;
  beforeEach(async () => {
    t = await createTestApp(dialect);
    org = await signUpOrganization(t.app);
  });
  afterEach(() => t.close());

  const inbound = (payload: Record<string, unknown>) => call(t.app, org.apiKey, 'POST', '/api/v1/messages/inbound', payload);

  it('stores a provider message delivered several times at once exactly once, and answers each delivery with it', async () => {
    const deliveries = await Promise.all(Array.from({ length: 6 }, () => inbound({ from: '+14155550161', body: 'STOP', providerMessageId: 'SM-storm-1' })));
    expect(deliveries.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200, 200]);
    const ids = new Set(deliveries.map((r) => r.json().message.id));
    expect(ids.size).toBe(1);
    expect(deliveries.every((r) => r.json().action === 'opted_out')).toBe(true);
    expect(deliveries.filter((r) => r.json().duplicate === false)).toHaveLength(1);
    const events = (await call(t.app, org.apiKey, 'GET', `/api/v1/contacts/${deliveries[0]!.json().contact.id}/consent-events`)).json().items;
    expect(events).toHaveLength(1);
  });

  it('opts out every number of a STOP storm once, with an intact ledger, and refuses each one afterwards', async () => {
    const numbers = Array.from({ length: 60 }, (_, i) => `+1415555${String(2000 + i)}`);
    const responses = await Promise.all(numbers.map((from, i) => inbound({ from, body: i % 10 === 9 ? 'hello' : 'STOP' })));
    expect(responses.every((r) => r.statusCode === 200)).toBe(true);
    expect(responses.filter((r) => r.json().action === 'opted_out')).toHaveLength(54);
    const verify = (await call(t.app, org.apiKey, 'GET', '/api/v1/consent-ledger/verify')).json();
    expect(verify).toMatchObject({ ok: true, checked: 54, firstBrokenEventId: null });
    const sends = await Promise.all(numbers.map((to) => call(t.app, org.apiKey, 'POST', '/api/v1/messages', { to, body: 'One more thing' })));
    expect(sends.map((r) => r.statusCode)).toEqual(numbers.map((_, i) => (i % 10 === 9 ? 201 : 409)));
  });
});
