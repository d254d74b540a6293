import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GENESIS_HASH } from '../../src/domain/consent-ledger.js';
import { recordOptIn } from '../../src/app/consent/record-consent-change.js';
import { appendConsentEvent } from '../../src/storage/repositories/consent-ledger.repository.js';
import { DIALECTS } from '../support/databases.js';
import { addUserWithKey, call, createTestApp, signUpOrganization, type Organization, type TestApp } from '../support/test-app.js';

/**
 * Rule 11: only the contact speaks for the contact. A text typed into the
 * app's simulator (a session, not an API key) is recorded as the teammate's,
 * may opt a number out, and never opts one in or releases a held number.
 */
describe.each(DIALECTS)('simulated inbound texts (%s)', (dialect) => {
  let t: TestApp;
  let org: Organization;
  let agent: { apiKey: string; userId: string };
  let ownerSession: string;
  beforeEach(async () => {
    t = await createTestApp(dialect);
    org = await signUpOrganization(t.app, 'Acme Solar');
    agent = await addUserWithKey(t.app, org, 'agent');
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/login', payload: { email: org.email, password: org.password } });
    ownerSession = `session:${login.cookies.find((c) => c.name === 'sp_session')!.value}:${login.json().csrfToken}`;
  });
  afterEach(() => t.close());

  const inbound = (key: string, from: string, body: string) => call(t.app, key, 'POST', '/api/v1/messages/inbound', { from, body });
  const contactOf = async (phone: string) => (await call(t.app, org.apiKey, 'GET', `/api/v1/contacts?search=${encodeURIComponent(phone)}`)).json().items[0];
  const eventsOf = async (contactId: string) => (await call(t.app, org.apiKey, 'GET', `/api/v1/contacts/${contactId}/consent-events`)).json().items;
  const reportOf = async (contactId: string) => (await call(t.app, org.apiKey, 'GET', `/api/v1/contacts/${contactId}/consent-report`)).json();

  it('an agent texting START "from" an opted-out number leaves it opted out, and no surface shows an opt-in', async () => {
    expect((await inbound(org.apiKey, '+14155550101', 'STOP')).json().action).toBe('opted_out');

    const start = await inbound(agent.apiKey, '+14155550101', 'START');
    expect(start.statusCode).toBe(200);
    expect(start.json()).toMatchObject({ action: 'none', reply: null, simulated: true, withheld: 'opted_in', contact: { optedOut: true } });
    expect(start.json().message).toMatchObject({ body: 'START', simulated: true, simulatedByUserId: agent.userId, channel: { kind: 'simulator' } });

    const contact = await contactOf('+14155550101');
    expect(contact).toMatchObject({ optedOut: true, optOut: { source: 'keyword', keyword: 'STOP' } });
    const events = await eventsOf(contact.id);
    expect(events.map((e: { type: string }) => e.type)).toEqual(['opted_out']);
    const report = await reportOf(contact.id);
    expect(report.currentStatus.optedOut).toBe(true);
    expect(report.events.map((e: { type: string }) => e.type)).toEqual(['opted_out']);
    // Sends are still refused.
    expect((await call(t.app, org.apiKey, 'POST', `/api/v1/contacts/${contact.id}/messages`, { body: 'Back in?' })).statusCode).toBe(409);

    // The conversation keeps the simulated START, marked as typed by the agent.
    const conversation = (await call(t.app, org.apiKey, 'GET', `/api/v1/contacts/${contact.id}/conversation`)).json().items;
    const typed = conversation.find((item: { kind: string; body?: string }) => item.kind === 'message' && item.body === 'START');
    expect(typed).toMatchObject({ direction: 'inbound', simulated: true, simulatedByUserId: agent.userId });
    const real = conversation.find((item: { kind: string; body?: string }) => item.kind === 'message' && item.body === 'STOP');
    expect(real).toMatchObject({ simulated: false, channel: { kind: 'api_key', name: 'Default key' } });
  });

  it('an owner\'s simulated START does not opt in either: it is the channel, not the role', async () => {
    await inbound(org.apiKey, '+14155550102', 'STOP');
    for (const text of ['START', 'UNSTOP', 'yes']) {
      expect((await inbound(ownerSession, '+14155550102', text)).json()).toMatchObject({ action: 'none', withheld: 'opted_in', contact: { optedOut: true } });
    }
    const contact = await contactOf('+14155550102');
    expect((await eventsOf(contact.id)).map((e: { type: string }) => e.type)).toEqual(['opted_out']);
  });

  it('a simulated STOP opts out, recorded as the teammate\'s text on every surface', async () => {
    const stop = await inbound(agent.apiKey, '(415) 555-0103', 'STOP');
    expect(stop.json()).toMatchObject({ action: 'opted_out', simulated: true, withheld: null, contact: { optedOut: true, optOut: { source: 'simulated', keyword: 'STOP' } } });

    const contact = await contactOf('+14155550103');
    const [event] = await eventsOf(contact.id);
    expect(event).toMatchObject({ type: 'opted_out', source: 'simulated', keyword: 'STOP', actorUserId: agent.userId, channel: { kind: 'simulator' } });
    expect(event.reason).toMatch(/simulated/i);

    const report = await reportOf(contact.id);
    expect(report.events[0]).toMatchObject({ source: 'simulated', simulated: true, actor: { type: 'user', id: agent.userId }, channel: { kind: 'simulator' }, causedBy: { body: 'STOP', simulated: true } });
    expect(report.events[0].actor.description).toMatch(/simulated text/);
    expect(report.events[0].actor.description).not.toMatch(/the contact, by text/i);
    const csv = (await call(t.app, org.apiKey, 'GET', `/api/v1/contacts/${contact.id}/consent-report?format=csv`)).body;
    expect(csv).toContain('simulated text in the app (not the contact)');
    expect(csv).toContain("inbound-text simulator");

    const list = (await call(t.app, org.apiKey, 'GET', '/api/v1/opt-outs?search=555-0103')).json().items;
    expect(list[0]).toMatchObject({ source: 'simulated', keyword: 'STOP' });
  });

  it('a number held for review stays held through a simulated START, and a simulated STOP-then-START does not release it', async () => {
    expect((await inbound(org.apiKey, '+14155550104', 'not interested')).json().action).toBe('review');
    expect((await inbound(agent.apiKey, '+14155550104', 'START')).json()).toMatchObject({ action: 'none', contact: { optedOut: false, reviewPending: true } });
    expect((await call(t.app, org.apiKey, 'GET', '/api/v1/review-queue')).json().items).toHaveLength(1);
    const contact = await contactOf('+14155550104');
    expect((await call(t.app, org.apiKey, 'POST', `/api/v1/contacts/${contact.id}/messages`, { body: 'Hello?' })).statusCode).toBe(409);

    // STOP then START through the simulator: opted out, and it stays so.
    expect((await inbound(agent.apiKey, '+14155550104', 'STOP')).json().action).toBe('opted_out');
    expect((await inbound(agent.apiKey, '+14155550104', 'START')).json()).toMatchObject({ action: 'none', withheld: 'opted_in', contact: { optedOut: true } });
    expect((await call(t.app, org.apiKey, 'GET', `/api/v1/contacts/${contact.id}`)).json()).toMatchObject({ optedOut: true });
    expect((await eventsOf(contact.id)).map((e: { type: string }) => e.type)).toEqual(['opted_out']);
  });

  it('START through an API key is the contact\'s text: it opts in, and the ledger names the key', async () => {
    const created = await call(t.app, org.apiKey, 'POST', '/api/v1/api-keys', { name: 'Bandwidth bridge' });
    const key = created.json();
    await inbound(key.key, '+14155550105', 'STOP');
    const start = await inbound(key.key, '+14155550105', 'START');
    expect(start.json()).toMatchObject({ action: 'opted_in', simulated: false, withheld: null, contact: { optedOut: false } });

    const contact = await contactOf('+14155550105');
    const events = await eventsOf(contact.id);
    expect(events).toEqual([
      expect.objectContaining({ type: 'opted_out', source: 'keyword', actorUserId: null, channel: { kind: 'api_key', id: key.id, name: 'Bandwidth bridge' } }),
      expect.objectContaining({ type: 'opted_in', source: 'keyword', keyword: 'START', actorUserId: null, channel: { kind: 'api_key', id: key.id, name: 'Bandwidth bridge' } }),
    ]);
    const report = await reportOf(contact.id);
    expect(report.events[1].channel.description).toBe(`API key "Bandwidth bridge" (${key.id})`);
    expect(report.events[1].actor.description).toBe('The contact, by text message');
  });

  it('the ledger itself refuses a simulated opt-in, whatever the caller', async () => {
    await inbound(org.apiKey, '+14155550111', 'STOP');
    const attempt = t.runtime.deps.transact((trx) =>
      recordOptIn(trx, t.runtime.deps, { organizationId: org.organizationId, phone: '+14155550111', source: 'keyword', keyword: 'START', channel: { kind: 'simulator' } }),
    );
    await expect(attempt).rejects.toMatchObject({ code: 'forbidden' });
    expect((await contactOf('+14155550111')).optedOut).toBe(true);
  });

  it('a simulated text cannot pre-empt a provider message id', async () => {
    const simulated = await call(t.app, agent.apiKey, 'POST', '/api/v1/messages/inbound', { from: '+14155550106', body: 'hello', providerMessageId: 'SM-real-1' });
    expect(simulated.json().message.providerMessageId).toBeNull();
    const real = await call(t.app, org.apiKey, 'POST', '/api/v1/messages/inbound', { from: '+14155550106', body: 'STOP', providerMessageId: 'SM-real-1' });
    expect(real.json()).toMatchObject({ action: 'opted_out', duplicate: false });
  });

  it('the ledger verifies across events from before channels (v1 hashes) and new ones', async () => {
    // Two events as the previous version wrote them: no channel.
    await t.runtime.deps.transact(async (trx) => {
      for (const [i, phone] of ['+14155550107', '+14155550108'].entries()) {
        await appendConsentEvent(trx, {
          id: `old-event-${i}`,
          organizationId: org.organizationId,
          type: 'opted_out',
          phone,
          source: 'keyword',
          keyword: 'STOP',
          rule: null,
          reason: 'Replied "STOP"',
          note: null,
          attestation: null,
          actorUserId: null,
          messageId: null,
          createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
          channel: null,
        });
      }
    });
    const rows = await t.runtime.deps.db.selectFrom('consent_events').selectAll().orderBy('seq').execute();
    expect(rows[0]).toMatchObject({ seq: 1, prev_hash: GENESIS_HASH, channel: null });

    await inbound(org.apiKey, '+14155550109', 'STOP');
    await inbound(agent.apiKey, '+14155550110', 'STOP');
    expect((await call(t.app, org.apiKey, 'GET', '/api/v1/consent-ledger/verify')).json()).toEqual({ ok: true, checked: 4, firstBrokenEventId: null });

    // Rewriting how the newest change arrived is caught.
    const newest = (await t.runtime.deps.db.selectFrom('consent_events').select(['id', 'seq']).orderBy('seq', 'desc').executeTakeFirstOrThrow());
    await t.runtime.deps.db.updateTable('consent_events').set({ channel: '{"kind":"provider","provider":"twilio"}' }).where('id', '=', newest.id).execute();
    expect((await call(t.app, org.apiKey, 'GET', '/api/v1/consent-ledger/verify')).json()).toMatchObject({ ok: false, firstBrokenEventId: newest.id });
  });
});
