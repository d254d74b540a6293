import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { FakeTwilio } from '../support/fake-twilio.js';
import { addUserWithKey, call, createTestApp, signUpOrganization, type Organization, type TestApp } from '../support/test-app.js';
import { ACCOUNT_SID, connectTwilio, postTwilioWebhook, TWILIO_NUMBER } from '../support/twilio.js';

const EMPTY = { keyword: 0, phrase: 0, manual: 0, provider: 0, import: 0, review: 0 };

/** A clock the test sets; every timestamp the app writes comes from it. */
function settableClock(start: string) {
  let current = Date.parse(start);
  return { now: () => new Date(current), set: (iso: string) => void (current = Date.parse(iso)), advance: (ms: number) => void (current += ms) };
}

describe.each(DIALECTS)('opt-out insights (%s)', (dialect) => {
  let t: TestApp;
  let fake: FakeTwilio | null = null;
  afterEach(async () => {
    await t.close();
    await fake?.close();
    fake = null;
  });

  const get = (org: Organization | { apiKey: string }, url: string) => call(t.app, org.apiKey, 'GET', url);
  const inbound = async (org: Organization, from: string, body: string) => {
    const response = await call(t.app, org.apiKey, 'POST', '/api/v1/messages/inbound', { from, body });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };

  it('counts opt-outs per day in the organization\'s time zone, by source, with empty days, and per week', async () => {
    const clock = settableClock('2026-11-02T15:00:00.000Z');
    t = await createTestApp(dialect, { clock: clock.now });
    const org = await signUpOrganization(t.app);

    // 23:30 in New York on Monday 2 November is 04:30 UTC on the 3rd: it belongs to the 2nd.
    clock.set('2026-11-03T04:30:00.000Z');
    expect((await call(t.app, org.apiKey, 'POST', '/api/v1/opt-outs', { phone: '+14155550101' })).statusCode).toBe(201);
    // 00:30 on the 3rd in New York.
    clock.set('2026-11-03T05:30:00.000Z');
    expect((await inbound(org, '+14155550102', 'STOP')).action).toBe('opted_out');
    clock.set('2026-11-03T16:00:00.000Z');
    expect((await inbound(org, '+14155550103', 'please stop texting me')).action).toBe('opted_out');
    expect((await inbound(org, '+14155550104', 'not interested')).action).toBe('review');
    const item = (await get(org, '/api/v1/review-queue')).json().items[0];
    expect((await call(t.app, org.apiKey, 'POST', `/api/v1/review-queue/${item.id}`, { decision: 'opt_out', note: 'Clearly does not want texts' })).statusCode).toBe(200);
    const imported = await t.app.inject({ method: 'POST', url: '/api/v1/opt-outs/import', headers: { authorization: `Bearer ${org.apiKey}`, 'content-type': 'text/csv' }, payload: 'phone\n+14155550105\n+14155550106\n' });
    expect(imported.json()).toMatchObject({ imported: 2 });
    clock.set('2026-11-05T14:00:00.000Z');
    expect((await inbound(org, '+14155550102', 'START')).action).toBe('opted_in');

    const response = await get(org, '/api/v1/analytics/opt-outs?from=2026-11-01&to=2026-11-05');
    expect(response.statusCode, response.body).toBe(200);
    const timeline = response.json();
    expect(timeline).toMatchObject({ timeZone: 'America/New_York', interval: 'day', from: '2026-11-01', to: '2026-11-05' });
    expect(timeline.buckets).toEqual([
      { start: '2026-11-01', optedOut: 0, optedIn: 0, bySource: EMPTY },
      { start: '2026-11-02', optedOut: 1, optedIn: 0, bySource: { ...EMPTY, manual: 1 } },
      { start: '2026-11-03', optedOut: 5, optedIn: 0, bySource: { ...EMPTY, keyword: 1, phrase: 1, review: 1, import: 2 } },
      { start: '2026-11-04', optedOut: 0, optedIn: 0, bySource: EMPTY },
      { start: '2026-11-05', optedOut: 0, optedIn: 1, bySource: EMPTY },
    ]);
    expect(timeline.totals).toEqual({ optedOut: 6, optedIn: 1, bySource: { keyword: 1, phrase: 1, manual: 1, provider: 0, import: 2, review: 1 } });

    // Weeks run Monday to Sunday; the range grows to whole weeks.
    const weeks = (await get(org, '/api/v1/analytics/opt-outs?from=2026-10-28&to=2026-11-04&interval=week')).json();
    expect(weeks).toMatchObject({ interval: 'week', from: '2026-10-26', to: '2026-11-08' });
    expect(weeks.buckets.map((b: { start: string; optedOut: number; optedIn: number }) => [b.start, b.optedOut, b.optedIn])).toEqual([
      ['2026-10-26', 0, 0],
      ['2026-11-02', 6, 1],
    ]);

    // Defaults: the last 30 days, today (5 November in New York) included.
    const defaults = (await get(org, '/api/v1/analytics/opt-outs')).json();
    expect(defaults).toMatchObject({ from: '2026-10-07', to: '2026-11-05' });
    expect(defaults.buckets).toHaveLength(30);
    expect(defaults.totals.optedOut).toBe(6);

    // In Paris the 04:30 UTC opt-out falls on the 3rd.
    const paris = await call(t.app, org.apiKey, 'PUT', '/api/v1/settings/opt-out', { timeZone: 'Europe/Paris' });
    expect(paris.statusCode, paris.body).toBe(200);
    expect(paris.json().timeZone).toBe('Europe/Paris');
    expect((await get(org, '/api/v1/settings/opt-out')).json().timeZone).toBe('Europe/Paris');
    const inParis = (await get(org, '/api/v1/analytics/opt-outs?from=2026-11-02&to=2026-11-03')).json();
    expect(inParis.timeZone).toBe('Europe/Paris');
    expect(inParis.buckets.map((b: { optedOut: number }) => b.optedOut)).toEqual([0, 6]);
    for (const bad of ['EST', '+02:00', 'Mars/Olympus_Mons', '']) {
      const refused = await call(t.app, org.apiKey, 'PUT', '/api/v1/settings/opt-out', { timeZone: bad });
      expect(refused.statusCode, bad).toBe(400);
      expect(refused.json().error).toMatchObject({ code: 'invalid_request' });
    }
    expect((await get(org, '/api/v1/settings/opt-out')).json().timeZone).toBe('Europe/Paris');
  });

  it('refuses bad ranges and parameters with a 400 that names the problem', async () => {
    t = await createTestApp(dialect, { clock: () => new Date('2026-12-02T12:00:00.000Z') });
    const org = await signUpOrganization(t.app);
    const cases: [string, string, RegExp][] = [
      ['/api/v1/analytics/opt-outs?from=2026-02-30', 'from', /YYYY-MM-DD/],
      ['/api/v1/analytics/opt-outs?to=yesterday', 'to', /YYYY-MM-DD/],
      ['/api/v1/analytics/opt-outs?from=2026-12-02&to=2026-12-01', 'from', /after/],
      ['/api/v1/analytics/opt-outs?from=2025-01-01&to=2026-12-01', 'to', /at most 366/],
      ['/api/v1/analytics/opt-out-rates?from=2024-01-01', 'to', /at most 366/],
      ['/api/v1/analytics/review-queue?to=2026-13-01', 'to', /YYYY-MM-DD/],
    ];
    for (const [url, field, message] of cases) {
      const response = await get(org, url);
      expect(response.statusCode, url).toBe(400);
      expect(response.json().error, url).toMatchObject({ code: 'invalid_request', field });
      expect(response.json().error.message, url).toMatch(message);
    }
    for (const url of ['/api/v1/analytics/opt-outs?interval=month', '/api/v1/analytics/opt-out-rates?groupBy=contact']) {
      const response = await get(org, url);
      expect(response.statusCode, url).toBe(400);
      expect(response.json().error.code, url).toBe('invalid_request');
    }
    // A full year (366 days) is allowed.
    const year = await get(org, '/api/v1/analytics/opt-outs?from=2025-12-02&to=2026-12-02');
    expect(year.statusCode).toBe(200);
    expect(year.json().buckets).toHaveLength(366);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/analytics/opt-outs' })).statusCode).toBe(401);
  });

  it('attributes each opt-out to the sequence and number of the last text within 7 days, counts delivered texts only, and keeps tenants apart', async () => {
    const clock = settableClock('2026-11-10T15:00:00.000Z');
    fake = await FakeTwilio.start();
    t = await createTestApp(dialect, { clock: clock.now, twilioApiBase: fake.url });
    const org = await signUpOrganization(t.app, 'Acme Solar');
    await connectTwilio(t.app, org, { fake });
    const contact = async (phone: string) => (await call(t.app, org.apiKey, 'POST', '/api/v1/contacts', { phone })).json().id as string;
    const [ana, ben, cy, dee, eve] = [await contact('+14155550201'), await contact('+14155550202'), await contact('+14155550203'), await contact('+14155550204'), await contact('+14155550205')];
    const sequence = (await call(t.app, org.apiKey, 'POST', '/api/v1/sequences', { name: 'Solar intro', steps: [{ type: 'sms', body: 'Hi from Acme Solar', delayMinutes: 0 }] })).json();
    const quiet = (await call(t.app, org.apiKey, 'POST', '/api/v1/sequences', { name: 'Quiet one', steps: [{ type: 'sms', body: 'Hello', delayMinutes: 0 }] })).json();
    for (const id of [ana, ben, cy]) expect((await call(t.app, org.apiKey, 'POST', `/api/v1/sequences/${sequence.id}/enrollments`, { contactId: id })).statusCode).toBe(201);
    expect((await call(t.app, org.apiKey, 'POST', `/api/v1/contacts/${dee}/messages`, { body: 'Your quote' })).statusCode).toBe(201);
    expect((await call(t.app, org.apiKey, 'POST', `/api/v1/contacts/${eve}/messages`, { body: 'Your quote too' })).statusCode).toBe(201);
    await t.runtime.dispatcher.runOnce();
    await t.runtime.dispatcher.runOnce();
    const sent = await t.runtime.deps.db.selectFrom('messages').select(['to_number', 'provider_message_id', 'status']).where('organization_id', '=', org.organizationId).where('direction', '=', 'outbound').execute();
    expect(sent.filter((m) => m.status === 'sent')).toHaveLength(5);
    // Ana's, Ben's and Cy's sequence texts are delivered; Dee's manual text stays "sent" (not known to be delivered); Eve's fails.
    for (const to of ['+14155550201', '+14155550202', '+14155550203']) {
      const sid = sent.find((m) => m.to_number === to)!.provider_message_id!;
      expect((await postTwilioWebhook(t.app, '/webhooks/twilio/status', { MessageSid: sid, MessageStatus: 'delivered', AccountSid: ACCOUNT_SID, From: TWILIO_NUMBER, To: to })).statusCode).toBe(204);
    }
    const eveSid = sent.find((m) => m.to_number === '+14155550205')!.provider_message_id!;
    await postTwilioWebhook(t.app, '/webhooks/twilio/status', { MessageSid: eveSid, MessageStatus: 'undelivered', ErrorCode: '30003', AccountSid: ACCOUNT_SID, From: TWILIO_NUMBER, To: '+14155550205' });

    // Ana opts out 2 days after her text (within 7 days), Dee after 1 day, Ben after 8 days (outside), Eve after her failed text.
    clock.set('2026-11-11T15:00:00.000Z');
    await inbound(org, '+14155550204', 'STOP');
    await inbound(org, '+14155550205', 'STOP');
    clock.set('2026-11-12T15:00:00.000Z');
    await inbound(org, '+14155550201', 'STOP');
    clock.set('2026-11-18T15:00:01.000Z');
    await inbound(org, '+14155550202', 'please stop texting me');
    // The confirmations go out and are delivered: automatic replies count neither as sent nor as the text before an opt-out.
    await t.runtime.dispatcher.runOnce();
    const replies = await t.runtime.deps.db.selectFrom('messages').select(['to_number', 'provider_message_id']).where('purpose', '=', 'reply_opt_out').execute();
    expect(replies).toHaveLength(4);
    for (const reply of replies) {
      await postTwilioWebhook(t.app, '/webhooks/twilio/status', { MessageSid: reply.provider_message_id!, MessageStatus: 'delivered', AccountSid: ACCOUNT_SID, From: TWILIO_NUMBER, To: reply.to_number! });
    }

    // Another organization's sequence, texts and opt-outs never show up in the first one's insights, nor the reverse.
    const other = await signUpOrganization(t.app, 'Other Co');
    const otherSequence = (await call(t.app, other.apiKey, 'POST', '/api/v1/sequences', { name: 'Other intro', steps: [{ type: 'sms', body: 'Hi', delayMinutes: 0 }] })).json();
    const otherContact = (await call(t.app, other.apiKey, 'POST', '/api/v1/contacts', { phone: '+14155550201' })).json().id;
    await call(t.app, other.apiKey, 'POST', `/api/v1/sequences/${otherSequence.id}/enrollments`, { contactId: otherContact });
    await t.runtime.dispatcher.runOnce();
    clock.advance(60_000);
    await inbound(other, '+14155550201', 'STOP');
    await inbound(other, '+14155550299', 'STOP');

    clock.set('2026-11-20T15:00:00.000Z');
    const bySequence = await get(org, '/api/v1/analytics/opt-out-rates?groupBy=sequence&from=2026-11-01&to=2026-11-30');
    expect(bySequence.statusCode, bySequence.body).toBe(200);
    expect(bySequence.json()).toEqual({
      timeZone: 'America/New_York',
      groupBy: 'sequence',
      from: '2026-11-01',
      to: '2026-11-30',
      items: [{ id: sequence.id, name: 'Solar intro', sent: 3, optedOut: 1, rate: 1 / 3 }],
      optedOut: 4,
      unattributed: 3,
    });
    expect(JSON.stringify(bySequence.json())).not.toContain(quiet.id);

    const numberId = (await get(org, '/api/v1/numbers')).json().items[0].id;
    const byNumber = (await get(org, '/api/v1/analytics/opt-out-rates?groupBy=number&from=2026-11-01&to=2026-11-30')).json();
    // Dee's opt-out counts against the number (her text was sent), though her text is not counted as delivered.
    expect(byNumber.items).toEqual([{ id: numberId, name: TWILIO_NUMBER, sent: 3, optedOut: 2, rate: 2 / 3 }]);
    expect(byNumber).toMatchObject({ optedOut: 4, unattributed: 2 });

    // A range that ends before the opt-outs: texts only.
    const before = (await get(org, '/api/v1/analytics/opt-out-rates?from=2026-11-10&to=2026-11-10')).json();
    expect(before.items).toEqual([{ id: sequence.id, name: 'Solar intro', sent: 3, optedOut: 0, rate: 0 }]);

    const timeline = (await get(org, '/api/v1/analytics/opt-outs?from=2026-11-10&to=2026-11-20')).json();
    expect(timeline.totals).toEqual({ optedOut: 4, optedIn: 0, bySource: { ...EMPTY, keyword: 3, phrase: 1 } });

    const otherRates = (await get(other, '/api/v1/analytics/opt-out-rates?from=2026-11-01&to=2026-11-30')).json();
    // Its text went through the built-in console provider: sent, never reported delivered.
    expect(otherRates.items).toEqual([{ id: otherSequence.id, name: 'Other intro', sent: 0, optedOut: 1, rate: null }]);
    expect(otherRates.optedOut).toBe(2);
    expect((await get(other, '/api/v1/analytics/opt-outs?from=2026-11-01&to=2026-11-30')).json().totals.optedOut).toBe(2);

    // Any member may read insights: an agent signed in through the app too.
    const agent = await addUserWithKey(t.app, org, 'agent');
    const asAgent = await get(agent, '/api/v1/analytics/opt-out-rates?from=2026-11-01&to=2026-11-30');
    expect(asAgent.statusCode).toBe(200);
    expect(asAgent.json().items[0].name).toBe('Solar intro');
  });

  it('reports review-queue health: pending, overdue, due within a business day, decisions and their median time', async () => {
    const clock = settableClock('2026-11-02T14:00:00.000Z');
    t = await createTestApp(dialect, { clock: clock.now });
    const org = await signUpOrganization(t.app);
    const other = await signUpOrganization(t.app, 'Other Co');
    // Received Monday 2 November: the deadline is ten business days later, Tuesday 17 November (Veterans Day skipped).
    await inbound(org, '+14155550301', 'not interested');
    await inbound(org, '+14155550302', 'not interested');
    await inbound(other, '+14155550303', 'not interested');
    clock.set('2026-11-05T14:00:00.000Z');
    await inbound(org, '+14155550304', 'not interested');
    await inbound(org, '+14155550305', 'not interested');
    const queue = (await get(org, '/api/v1/review-queue')).json().items as { id: string; phone: string; deadline: string }[];
    expect(queue.map((i) => i.deadline.slice(0, 10))).toEqual(['2026-11-17', '2026-11-17', '2026-11-20', '2026-11-20']);
    const itemFor = (phone: string) => queue.find((i) => i.phone === phone)!.id;

    // Decided 2 hours and 6 hours after receipt.
    clock.set('2026-11-05T16:00:00.000Z');
    await call(t.app, org.apiKey, 'POST', `/api/v1/review-queue/${itemFor('+14155550304')}`, { decision: 'opt_out', note: 'Wants no texts' });
    clock.set('2026-11-05T20:00:00.000Z');
    await call(t.app, org.apiKey, 'POST', `/api/v1/review-queue/${itemFor('+14155550305')}`, { decision: 'not_a_revocation', note: 'Meant the add-on' });

    // Monday 16 November: the two items due Tuesday 17th are within one business day; nothing is overdue yet.
    clock.set('2026-11-16T15:00:00.000Z');
    const health = await get(org, '/api/v1/analytics/review-queue?from=2026-11-01&to=2026-11-30');
    expect(health.statusCode, health.body).toBe(200);
    expect(health.json()).toMatchObject({ pending: 2, overdue: 0, dueWithinOneBusinessDay: 2, decided: 2, medianDecisionMs: 4 * 60 * 60 * 1000 });
    expect(health.json().urgent.map((u: { phone: string; overdue: boolean }) => [u.phone, u.overdue])).toEqual([['+14155550301', false], ['+14155550302', false]]);

    // Tuesday 17 November, an hour after their deadline: both are overdue.
    clock.set('2026-11-17T15:00:00.000Z');
    expect((await get(org, '/api/v1/analytics/review-queue?from=2026-11-01&to=2026-11-30')).json()).toMatchObject({ pending: 2, overdue: 2, dueWithinOneBusinessDay: 0, decided: 2 });
    // Decisions outside the range are not counted.
    expect((await get(org, '/api/v1/analytics/review-queue?from=2026-11-06&to=2026-11-30')).json()).toMatchObject({ decided: 0, medianDecisionMs: null });
    // The other organization sees only its own pending item.
    expect((await get(other, '/api/v1/analytics/review-queue?from=2026-11-01&to=2026-11-30')).json()).toMatchObject({ pending: 1, overdue: 1, decided: 0 });
  });

  it('documents every analytics route with request and response schemas in /docs/json', async () => {
    t = await createTestApp(dialect);
    const spec = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json();
    for (const path of ['/api/v1/analytics/opt-outs', '/api/v1/analytics/opt-out-rates', '/api/v1/analytics/review-queue']) {
      const operation = spec.paths[path].get;
      expect(operation.parameters.map((p: { name: string }) => p.name), path).toEqual(expect.arrayContaining(['from', 'to']));
      expect(operation.responses['200'], path).toBeDefined();
      expect(operation.responses['4XX'], path).toBeDefined();
    }
    const timeline = spec.paths['/api/v1/analytics/opt-outs'].get.responses['200'].content['application/json'].schema;
    expect(Object.keys(timeline.properties)).toEqual(expect.arrayContaining(['buckets', 'totals']));
  });
});
