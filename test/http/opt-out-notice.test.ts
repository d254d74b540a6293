import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { call, createTestApp, signUpOrganization, type Organization, type TestApp } from '../support/test-app.js';
import { manualClock } from '../support/twilio.js';

const DAY = 24 * 3600 * 1000;

describe.each(DIALECTS)('the opt-out notice on first texts (%s)', (dialect) => {
  let t: TestApp;
  let org: Organization;
  let clock: ReturnType<typeof manualClock>;
  let contactId: string;

  beforeEach(async () => {
    clock = manualClock(Date.parse('2026-12-01T12:00:00Z'));
    t = await createTestApp(dialect, { clock: clock.now });
    org = await signUpOrganization(t.app, 'Acme Solar');
    contactId = (await call(t.app, org.apiKey, 'POST', '/api/v1/contacts', { name: 'Ana Lead', phone: '+14155550101' })).json().id;
  });
  afterEach(async () => t.close());

  const text = async (body: string, id = contactId) => {
    const response = await call(t.app, org.apiKey, 'POST', `/api/v1/contacts/${id}/messages`, { body });
    expect(response.statusCode).toBe(201);
    return response.json().message.body as string;
  };
  const delivered = async () => {
    await t.runtime.dispatcher.runOnce();
    return t.deliveries.filter((d) => d.kind === 'text').map((d) => (d as { body: string }).body);
  };

  it('adds "Reply STOP to opt out." to the first text only, and again after 30 days without a text', async () => {
    expect(await text('Your quote is ready')).toBe('Your quote is ready\nReply STOP to opt out.');
    expect(await text('Any questions?')).toBe('Any questions?');
    clock.advance(29 * DAY);
    expect(await text('Still interested?')).toBe('Still interested?');
    clock.advance(30 * DAY - 1000);
    expect(await text('Checking in')).toBe('Checking in');
    clock.advance(30 * DAY);
    expect(await text('New offer')).toBe('New offer\nReply STOP to opt out.');
    // What the provider gets is what the conversation shows.
    // (The dispatcher sends in parallel, so in any order.)
    expect((await delivered()).sort()).toEqual(['Any questions?', 'Checking in', 'New offer\nReply STOP to opt out.', 'Still interested?', 'Your quote is ready\nReply STOP to opt out.']);
  });

  it('is not added when the body already tells how to opt out, nor to other contacts\' later texts', async () => {
    expect(await text('Hi Ana, quote attached. Text STOP to unsubscribe.')).toBe('Hi Ana, quote attached. Text STOP to unsubscribe.');
    // That first text told her; the next within 30 days needs nothing.
    expect(await text('Any questions?')).toBe('Any questions?');
    const other = (await call(t.app, org.apiKey, 'POST', '/api/v1/contacts', { phone: '+14155550102' })).json().id;
    expect(await text('Hello', other)).toBe('Hello\nReply STOP to opt out.');
  });

  it('uses the organization\'s own notice, and none when the setting is off', async () => {
    const put = await call(t.app, org.apiKey, 'PUT', '/api/v1/settings/opt-out', { optOutNotice: 'Text STOP to quit.' });
    expect(put.json()).toMatchObject({ optOutNoticeEnabled: true, optOutNotice: 'Text STOP to quit.' });
    expect(await text('Hello')).toBe('Hello\nText STOP to quit.');
    await call(t.app, org.apiKey, 'PUT', '/api/v1/settings/opt-out', { optOutNoticeEnabled: false });
    const other = (await call(t.app, org.apiKey, 'POST', '/api/v1/contacts', { phone: '+14155550102' })).json().id;
    expect(await text('Hello', other)).toBe('Hello');
    expect((await call(t.app, org.apiKey, 'PUT', '/api/v1/settings/opt-out', { optOutNotice: '  ' })).statusCode).toBe(400);
  });

  it('never goes on the opt-out confirmation or the HELP reply', async () => {
    await call(t.app, org.apiKey, 'POST', '/api/v1/messages/inbound', { from: '+14155550103', body: 'HELP' });
    await call(t.app, org.apiKey, 'POST', '/api/v1/messages/inbound', { from: '+14155550104', body: 'STOP' });
    const bodies = await delivered();
    expect(bodies).toHaveLength(2);
    for (const body of bodies) expect(body).not.toContain('Reply STOP to opt out.');
  });

  it('goes on a sequence\'s first text to a contact and on a text by number through the API', async () => {
    const sequence = (await call(t.app, org.apiKey, 'POST', '/api/v1/sequences', { name: 'Nurture', steps: [{ type: 'sms', body: 'Welcome!', delayMinutes: 0 }, { type: 'sms', body: 'Day 2', delayMinutes: 1440 }] })).json();
    await call(t.app, org.apiKey, 'POST', `/api/v1/sequences/${sequence.id}/enrollments`, { contactId });
    expect(await delivered()).toEqual(['Welcome!\nReply STOP to opt out.']);
    clock.advance(DAY);
    expect((await delivered()).at(-1)).toBe('Day 2');
    const byNumber = await call(t.app, org.apiKey, 'POST', '/api/v1/messages', { to: '+14155550109', body: 'Hello' });
    expect(byNumber.json().message.body).toBe('Hello\nReply STOP to opt out.');
  });

  it('a scheduled text that is not the first is left alone, and a first scheduled far out is judged at its send time', async () => {
    await text('Hello');
    const later = await call(t.app, org.apiKey, 'POST', `/api/v1/contacts/${contactId}/messages`, { body: 'See you next month', sendAt: new Date(clock.now().getTime() + 45 * DAY).toISOString() });
    expect(later.json().message.body).toBe('See you next month\nReply STOP to opt out.');
    const soon = await call(t.app, org.apiKey, 'POST', `/api/v1/contacts/${contactId}/messages`, { body: 'Tomorrow then', sendAt: new Date(clock.now().getTime() + DAY).toISOString() });
    expect(soon.json().message.body).toBe('Tomorrow then');
  });

  it('previews the notice the composer and the sequence editor show', async () => {
    const preview = (payload: object) => call(t.app, org.apiKey, 'POST', '/api/v1/opt-out-notice/preview', payload).then((r) => r.json());
    expect(await preview({ body: 'Hi', contactId })).toEqual({ notice: 'Reply STOP to opt out.', reason: 'first_text' });
    expect(await preview({ body: 'Hi, reply STOP to opt out', contactId })).toEqual({ notice: null, reason: 'already_in_body' });
    await text('Hello');
    expect(await preview({ body: 'Hi', contactId })).toEqual({ notice: null, reason: 'recent_text' });
    expect(await preview({ body: 'Welcome!' })).toEqual({ notice: 'Reply STOP to opt out.', reason: 'first_text' });
  });

  it('refuses a first text that no longer fits with the notice', async () => {
    const response = await call(t.app, org.apiKey, 'POST', `/api/v1/contacts/${contactId}/messages`, { body: 'x'.repeat(1600) });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toContain('1577 characters');
  });
});
