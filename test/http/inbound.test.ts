import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { call, createTestApp, signUpOrganization, type Organization, type TestApp } from '../support/test-app.js';

describe.each(DIALECTS)('inbound texts (%s)', (dialect) => {
  let t: TestApp;
  let org: Organization;
  beforeEach(async () => {
    t = await createTestApp(dialect);
    org = await signUpOrganization(t.app, 'Acme Solar');
  });
  afterEach(() => t.close());

  const inbound = (payload: Record<string, unknown>) => call(t.app, org.apiKey, 'POST', '/api/v1/messages/inbound', payload);

  it('opts a number out on STOP, replies once with the confirmation, and creates the unknown contact', async () => {
    const response = await inbound({ from: '(415) 555-0101', body: '  Stop!! ' });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.action).toBe('opted_out');
    expect(body.reply).toContain('Acme Solar');
    expect(body.reply).toMatch(/unsubscribed/i);
    expect(body.message).toMatchObject({ direction: 'inbound', from: '+14155550101', body: '  Stop!! ', status: 'received' });
    expect(body.contact).toMatchObject({ phone: '+14155550101', optedOut: true, optOut: { source: 'keyword', keyword: 'STOP' } });

    const again = await inbound({ from: '+1 415 555 0101', body: 'STOP' });
    expect(again.json()).toMatchObject({ action: 'none', reply: null });

    const events = await call(t.app, org.apiKey, 'GET', `/api/v1/contacts/${body.contact.id}/consent-events`);
    expect(events.json().items).toHaveLength(1);

    const conversation = (await call(t.app, org.apiKey, 'GET', `/api/v1/contacts/${body.contact.id}/conversation`)).json().items;
    expect(conversation.map((item: { kind: string; direction?: string; type?: string }) => `${item.kind}:${item.direction ?? item.type}`)).toEqual([
      'message:inbound',
      'consent:opted_out',
      'message:outbound',
      'message:inbound',
    ]);
    const confirmations = conversation.filter((item: { kind: string; direction?: string }) => item.kind === 'message' && item.direction === 'outbound');
    expect(confirmations).toHaveLength(1);
  });

  it.each([
    ['STOP'], ['stop'], ['Stop.'], ['ＳＴＯＰ'], ['S\u200BTOP'], ['unsubscribe'], ['Cancel'], ['END'], ['quit'], ['revoke'], ['opt out'], ['OPT-OUT'], ['optout'], ['STOPALL'],
  ])('treats %j as an opt-out', async (text) => {
    const response = await inbound({ from: '+14155550102', body: text });
    expect(response.json().action).toBe('opted_out');
  });

  it.each([['Stopwatch'], ['END OF YEAR SALE?'], ['I can\'t stop thinking about the offer'], ['Sounds good, call me tomorrow']])('does not opt out on %j', async (text) => {
    const response = await inbound({ from: '+14155550103', body: text });
    expect(response.json().action).toBe('none');
    expect(response.json().contact.optedOut).toBe(false);
  });

  it('opts back in on START and UNSTOP, and on YES only when opted out', async () => {
    expect((await inbound({ from: '+14155550104', body: 'YES' })).json().action).toBe('none');
    await inbound({ from: '+14155550104', body: 'STOP' });
    const yes = await inbound({ from: '+14155550104', body: 'yes' });
    expect(yes.json()).toMatchObject({ action: 'opted_in', contact: { optedOut: false } });
    expect(yes.json().reply).toMatch(/subscribed/i);
    await inbound({ from: '+14155550104', body: 'STOP' });
    expect((await inbound({ from: '+14155550104', body: 'unstop' })).json().action).toBe('opted_in');
  });

  it('answers HELP with the help reply, but sends nothing to an opted-out number', async () => {
    const help = await inbound({ from: '+14155550105', body: 'help' });
    expect(help.json().action).toBe('help');
    expect(help.json().reply).toMatch(/STOP/);
    await inbound({ from: '+14155550105', body: 'STOP' });
    const helpAfter = await inbound({ from: '+14155550105', body: 'INFO' });
    expect(helpAfter.json()).toMatchObject({ action: 'help', reply: null });
  });

  it('stores a retried provider message once and answers with the first outcome', async () => {
    const first = await inbound({ from: '+14155550106', body: 'STOP', providerMessageId: 'SM-retry-1' });
    const retries = await Promise.all([1, 2, 3, 4].map(() => inbound({ from: '+14155550106', body: 'STOP', providerMessageId: 'SM-retry-1' })));
    for (const retry of retries) {
      expect(retry.statusCode).toBe(200);
      expect(retry.json().message.id).toBe(first.json().message.id);
      expect(retry.json().action).toBe('opted_out');
    }
    const conversation = (await call(t.app, org.apiKey, 'GET', `/api/v1/contacts/${first.json().contact.id}/conversation`)).json().items;
    expect(conversation.filter((item: { kind: string }) => item.kind === 'message')).toHaveLength(2);
    expect(conversation.filter((item: { kind: string }) => item.kind === 'consent')).toHaveLength(1);
  });

  it('takes several first texts from a new number at once without tripping over creating its contact', async () => {
    const texts = ['Hi', 'who is this?', 'STOP', 'ok', 'thanks'];
    const responses = await Promise.all(texts.map((body, i) => inbound({ from: '+14155550109', body, providerMessageId: `SM-new-${i}` })));
    expect(responses.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(responses.map((r) => r.json().contact.id)).size).toBe(1);
  });

  it('uses the organization\'s own keyword lists and reply text', async () => {
    const put = await call(t.app, org.apiKey, 'PUT', '/api/v1/settings/opt-out', { optOutKeywords: ['STOP', 'HALT'], optOutReply: 'Bye from {organization}.' });
    expect(put.statusCode).toBe(200);
    const halt = await inbound({ from: '+14155550107', body: 'halt' });
    expect(halt.json()).toMatchObject({ action: 'opted_out', reply: 'Bye from Acme Solar.' });
  });

  it('rejects an invalid phone with 400, not 500', async () => {
    const response = await inbound({ from: 'not a phone', body: 'STOP' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'invalid_request', field: 'from' });
  });

  it('queues the confirmation for the provider, which delivers it even though the number is opted out', async () => {
    await inbound({ from: '+14155550108', body: 'STOP' });
    await t.runtime.dispatcher.runOnce();
    expect(t.deliveries).toHaveLength(1);
    expect(t.deliveries[0]).toMatchObject({ kind: 'text', to: '+14155550108' });
  });
});
