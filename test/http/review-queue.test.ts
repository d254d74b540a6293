import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { addUserWithKey, call, createTestApp, signUpOrganization, type Organization, type TestApp } from '../support/test-app.js';

describe.each(DIALECTS)('plain-language revocations and the review queue (%s)', (dialect) => {
  let t: TestApp;
  let org: Organization;
  beforeEach(async () => {
    t = await createTestApp(dialect);
    org = await signUpOrganization(t.app, 'Acme Solar');
  });
  afterEach(() => t.close());

  const inbound = (from: string, body: string) => call(t.app, org.apiKey, 'POST', '/api/v1/messages/inbound', { from, body }).then((r) => r.json());

  it('opts out on a clear plain-language revocation, recording the phrase rule, and replies in the person\'s language', async () => {
    const english = await inbound('+14155550201', 'please stop texting me');
    expect(english).toMatchObject({ action: 'opted_out', contact: { optedOut: true, optOut: { source: 'phrase', rule: expect.stringMatching(/^phrase\./) } } });
    const spanish = await inbound('+14155550202', 'No me escriban más por favor');
    expect(spanish.action).toBe('opted_out');
    expect(spanish.reply).toMatch(/baja/i);
    const events = (await call(t.app, org.apiKey, 'GET', `/api/v1/contacts/${english.contact.id}/consent-events`)).json().items;
    expect(events[0]).toMatchObject({ source: 'phrase', rule: expect.stringMatching(/^phrase\./), messageId: english.message.id });
  });

  it('does not misfire on ordinary replies', async () => {
    for (const text of ['Could you stop over on Friday?', 'Cancel the 2pm, 4pm is better', 'Please don\'t stop the onboarding calls', 'Can you remove my old email from the account?']) {
      expect((await inbound('+14155550203', text)).action, text).toBe('none');
    }
  });

  it('queues unclear replies with a ten-business-day deadline, holds the number, and records the decision', async () => {
    const unclear = await inbound('+14155550204', 'not interested');
    expect(unclear).toMatchObject({ action: 'review', reply: null, contact: { optedOut: false, reviewPending: true } });

    const queue = (await call(t.app, org.apiKey, 'GET', '/api/v1/review-queue')).json();
    expect(queue.items).toHaveLength(1);
    const item = queue.items[0];
    expect(item).toMatchObject({ body: 'not interested', phone: '+14155550204', status: 'pending', contact: { id: unclear.contact.id } });
    expect(Date.parse(item.deadline) - Date.parse(item.receivedAt)).toBeGreaterThanOrEqual(12 * 24 * 3600 * 1000);
    expect(item.businessDaysLeft).toBe(10);

    // When in doubt, don't contact.
    const held = await call(t.app, org.apiKey, 'POST', '/api/v1/messages', { to: '+14155550204', body: 'Any questions?' });
    expect(held.statusCode).toBe(409);
    expect(held.json().error.code).toBe('contact_opted_out');
    expect(held.json().error.message).toMatch(/review/);

    const agent = await addUserWithKey(t.app, org, 'agent');
    const byAgent = await call(t.app, agent.apiKey, 'POST', `/api/v1/review-queue/${item.id}`, { decision: 'not_a_revocation', note: 'looks fine' });
    expect(byAgent.statusCode).toBe(403);
    expect((await call(t.app, org.apiKey, 'GET', '/api/v1/review-queue')).json().items).toHaveLength(1);
    const missingNote = await call(t.app, org.apiKey, 'POST', `/api/v1/review-queue/${item.id}`, { decision: 'not_a_revocation', note: ' ' });
    expect(missingNote.statusCode).toBe(400);
    const decided = await call(t.app, org.apiKey, 'POST', `/api/v1/review-queue/${item.id}`, { decision: 'not_a_revocation', note: 'They meant this month; asked for a call in January.' });
    expect(decided.statusCode).toBe(200);
    expect(decided.json()).toMatchObject({ status: 'not_a_revocation', decidedBy: org.userId });
    expect((await call(t.app, org.apiKey, 'GET', '/api/v1/review-queue')).json().items).toEqual([]);
    expect((await call(t.app, org.apiKey, 'POST', '/api/v1/messages', { to: '+14155550204', body: 'Talk in January!' })).statusCode).toBe(201);
    expect((await call(t.app, org.apiKey, 'POST', `/api/v1/review-queue/${item.id}`, { decision: 'opt_out', note: 'again' })).statusCode).toBe(409);
  });

  it('opts out on a reviewer\'s decision, with the reviewed text as cause and one confirmation', async () => {
    const unclear = await inbound('+14155550205', 'enough');
    const item = (await call(t.app, org.apiKey, 'GET', '/api/v1/review-queue')).json().items[0];
    const agent = await addUserWithKey(t.app, org, 'agent');
    const decided = await call(t.app, agent.apiKey, 'POST', `/api/v1/review-queue/${item.id}`, { decision: 'opt_out', note: 'Clearly fed up' });
    expect(decided.json()).toMatchObject({ status: 'opted_out', decidedBy: agent.userId });
    const contact = (await call(t.app, org.apiKey, 'GET', `/api/v1/contacts/${unclear.contact.id}`)).json();
    expect(contact).toMatchObject({ optedOut: true, reviewPending: false, optOut: { source: 'phrase' } });
    await t.runtime.dispatcher.runOnce();
    expect(t.deliveries).toEqual([expect.objectContaining({ to: '+14155550205', body: expect.stringMatching(/unsubscribed/i) })]);

    const report = (await call(t.app, org.apiKey, 'GET', `/api/v1/contacts/${unclear.contact.id}/consent-report`)).json();
    expect(report.events).toHaveLength(1);
    expect(report.events[0]).toMatchObject({
      type: 'opted_out',
      source: 'phrase',
      note: 'Clearly fed up',
      actor: { type: 'user', id: agent.userId },
      causedBy: { body: 'enough', direction: 'inbound' },
      confirmation: { body: expect.stringMatching(/unsubscribed/i), status: 'sent' },
      chain: { hashMatchesContent: true, linksToPreviousEvent: true },
    });
    expect(report.reviews[0]).toMatchObject({ status: 'opted_out', text: 'enough' });
  });

  it('holds sends queued before an unclear reply until a teammate decides, then sends them', async () => {
    const queued = (await call(t.app, org.apiKey, 'POST', '/api/v1/messages', { to: '+14155550208', body: 'Your quote' })).json().message;
    await inbound('+14155550208', 'not interested');
    await t.runtime.dispatcher.runOnce();
    expect(t.deliveries).toEqual([]);
    expect((await call(t.app, org.apiKey, 'GET', `/api/v1/messages/${queued.id}`)).json().status).toBe('queued');
    const item = (await call(t.app, org.apiKey, 'GET', '/api/v1/review-queue')).json().items[0];
    await call(t.app, org.apiKey, 'POST', `/api/v1/review-queue/${item.id}`, { decision: 'not_a_revocation', note: 'Not interested in the add-on only' });
    await t.runtime.dispatcher.runOnce();
    expect(t.deliveries).toEqual([expect.objectContaining({ messageId: queued.id })]);
  });

  it('settles a pending review when the number then texts STOP', async () => {
    await inbound('+14155550206', 'not interested');
    await inbound('+14155550206', 'STOP');
    expect((await call(t.app, org.apiKey, 'GET', '/api/v1/review-queue')).json().items).toEqual([]);
  });

  it('produces a consent report with the exact texts, confirmations, actors and chain verification, as JSON and CSV', async () => {
    const stop = await inbound('+14155550207', 'STOP');
    await inbound('+14155550207', 'START');
    const contactId = stop.contact.id;
    await call(t.app, org.apiKey, 'POST', `/api/v1/contacts/${contactId}/opt-out`, { reason: 'Asked on the phone' });
    const report = (await call(t.app, org.apiKey, 'GET', `/api/v1/contacts/${contactId}/consent-report`)).json();
    expect(report).toMatchObject({ organization: { name: 'Acme Solar' }, contact: { phone: '+14155550207' }, currentStatus: { optedOut: true, source: 'manual' } });
    expect(report.events.map((e: { type: string; source: string }) => `${e.type}/${e.source}`)).toEqual(['opted_out/keyword', 'opted_in/keyword', 'opted_out/manual']);
    expect(report.events[0]).toMatchObject({ keyword: 'STOP', causedBy: { body: 'STOP' }, confirmation: { body: expect.stringMatching(/unsubscribed/i) }, actor: { type: 'system', description: expect.stringMatching(/contact/) } });
    expect(report.events[1].confirmation.body).toMatch(/subscribed/i);
    expect(report.events[2]).toMatchObject({ actor: { type: 'user', id: org.userId }, causedBy: null, reason: 'Asked on the phone' });
    expect(report.ledgerVerification).toMatchObject({ theseEventsIntact: true, eventsChecked: 3, organizationLedger: { ok: true } });

    const csv = await call(t.app, org.apiKey, 'GET', `/api/v1/contacts/${contactId}/consent-report?format=csv`);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.body.trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain('STOP');

    await t.runtime.deps.db.updateTable('consent_events').set({ reason: 'edited' }).where('seq', '=', 2).execute();
    const tampered = (await call(t.app, org.apiKey, 'GET', `/api/v1/contacts/${contactId}/consent-report`)).json();
    expect(tampered.ledgerVerification.theseEventsIntact).toBe(false);
    expect(tampered.events[1].chain.hashMatchesContent).toBe(false);
  });
});
