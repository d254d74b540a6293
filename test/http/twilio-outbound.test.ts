import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { FakeTwilio } from '../support/fake-twilio.js';
import { call, createTestApp, signUpOrganization, turnOffOptOutNotice, TEST_PUBLIC_URL, type Organization, type TestApp } from '../support/test-app.js';
import { ACCOUNT_SID, AUTH_TOKEN, connectTwilio, manualClock, TWILIO_NUMBER } from '../support/twilio.js';

const LEAD = '+14155550101';
const MESSAGES_PATH = `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`;
const CALLS_PATH = `/2010-04-01/Accounts/${ACCOUNT_SID}/Calls.json`;
const MINUTE = 60_000;

describe.each(DIALECTS)('sending through Twilio (%s)', (dialect) => {
  let t: TestApp;
  let fake: FakeTwilio;
  let org: Organization;
  let contactId: string;
  let clock: ReturnType<typeof manualClock>;

  beforeEach(async () => {
    fake = await FakeTwilio.start();
    clock = manualClock();
    t = await createTestApp(dialect, { twilioApiBase: fake.url, clock: clock.now, twilioTimeoutMs: 300 });
    org = await signUpOrganization(t.app, 'Acme Solar');
    // These tests compare exact bodies; the notice on first texts has its own tests (opt-out-notice.test.ts).
    await turnOffOptOutNotice(t.app, org);
    await connectTwilio(t.app, org, { fake });
    // Only the sends count below, not the registration's ownership lookup.
    fake.requests.splice(0);
    contactId = (await call(t.app, org.apiKey, 'POST', '/api/v1/contacts', { name: 'Ana Lead', phone: LEAD })).json().id;
  });
  afterEach(async () => {
    await t.close();
    await fake.close();
  });

  const text = async (body: string, sendAt?: string) => {
    const response = await call(t.app, org.apiKey, 'POST', `/api/v1/contacts/${contactId}/messages`, { body, ...(sendAt ? { sendAt } : {}) });
    expect(response.statusCode).toBe(201);
    return response.json().message as { id: string };
  };
  const message = (id: string) => t.runtime.deps.db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('sends texts and places calls with the right path, From, To, Body, status callback and Basic auth', async () => {
    const queued = await text('Your quote is ready');
    const placed = (await call(t.app, org.apiKey, 'POST', `/api/v1/contacts/${contactId}/calls`, { voiceMessage: 'Your quote is ready.' })).json().call;
    // Nothing is sent inline by the request that created it.
    expect(fake.requests).toHaveLength(0);

    const tally = await t.runtime.dispatcher.runOnce();
    expect(tally).toMatchObject({ sent: 2, failed: 0 });
    const [sms] = fake.creates('Messages.json');
    expect(sms).toMatchObject({
      method: 'POST',
      path: MESSAGES_PATH,
      query: {},
      auth: { username: ACCOUNT_SID, password: AUTH_TOKEN },
      form: { From: TWILIO_NUMBER, To: LEAD, Body: 'Your quote is ready', StatusCallback: `${TEST_PUBLIC_URL}/webhooks/twilio/status` },
    });
    const [voice] = fake.creates('Calls.json');
    // What the call says is asked of the voice webhook when it is answered, where consent is checked again.
    expect(voice).toMatchObject({
      path: CALLS_PATH,
      auth: { username: ACCOUNT_SID, password: AUTH_TOKEN },
      form: { From: TWILIO_NUMBER, To: LEAD, Url: `${TEST_PUBLIC_URL}/webhooks/twilio/voice/calls/${placed.id}/answer`, StatusCallback: `${TEST_PUBLIC_URL}/webhooks/twilio/voice/calls/${placed.id}/status` },
    });
    expect(voice!.form.Twiml).toBeUndefined();

    const sentMessage = (await call(t.app, org.apiKey, 'GET', `/api/v1/messages/${queued.id}`)).json();
    expect(sentMessage).toMatchObject({ status: 'sent', provider: 'twilio', from: TWILIO_NUMBER, providerMessageId: fake.created.find((r) => r.kind === 'message')!.sid });
    expect((await call(t.app, org.apiKey, 'GET', `/api/v1/calls/${placed.id}`)).json()).toMatchObject({ status: 'initiated', providerCallId: fake.created.find((r) => r.kind === 'call')!.sid });

    expect((await t.runtime.dispatcher.runOnce()).sent).toBe(0);
    expect(fake.creates()).toHaveLength(1);
  });

  it('a STOP typed into the simulator opts out, and its confirmation is recorded but never texted to the real phone; an API-key STOP\'s is', async () => {
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/login', payload: { email: org.email, password: org.password } });
    const session = `session:${login.cookies.find((c) => c.name === 'sp_session')!.value}:${login.json().csrfToken}`;
    const simulated = (await call(t.app, session, 'POST', '/api/v1/messages/inbound', { from: LEAD, body: 'STOP' })).json();
    expect(simulated).toMatchObject({ action: 'opted_out', simulated: true, replyMessage: { provider: 'console' } });
    await t.runtime.dispatcher.runOnce();
    expect(fake.creates('Messages.json')).toHaveLength(0);
    expect((await call(t.app, org.apiKey, 'GET', `/api/v1/messages/${simulated.replyMessage.id}`)).json()).toMatchObject({ status: 'sent', provider: 'console' });

    // The same word from a provider integration (an API key) is the contact's: the confirmation goes to them through Twilio.
    const real = (await call(t.app, org.apiKey, 'POST', '/api/v1/messages/inbound', { from: '+14155550102', body: 'STOP' })).json();
    expect(real).toMatchObject({ action: 'opted_out', simulated: false, replyMessage: { provider: 'twilio' } });
    await t.runtime.dispatcher.runOnce();
    expect(fake.creates('Messages.json').map((r) => r.form.To)).toEqual(['+14155550102']);
  });

  it('turns Twilio 21610 into an opt-out (source provider) and stops the number\'s pending outreach', async () => {
    const sequence = (await call(t.app, org.apiKey, 'POST', '/api/v1/sequences', { name: 'Nurture', steps: [{ type: 'sms', body: 'Day 1', delayMinutes: 1440 }] })).json();
    const enrollment = (await call(t.app, org.apiKey, 'POST', `/api/v1/sequences/${sequence.id}/enrollments`, { contactId })).json();
    const now = await text('Hello');
    const later = await text('Tomorrow', new Date(clock.now().getTime() + 60 * MINUTE).toISOString());
    const placed = (await call(t.app, org.apiKey, 'POST', `/api/v1/contacts/${contactId}/calls`, { voiceMessage: 'Your quote is ready.' })).json().call;
    fake.script({ kind: 'error', status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient' });

    await t.runtime.dispatcher.runOnce();
    expect(fake.creates('Messages.json')).toHaveLength(1);
    expect(fake.creates('Calls.json')).toHaveLength(0);
    expect((await call(t.app, org.apiKey, 'GET', `/api/v1/contacts/${contactId}`)).json()).toMatchObject({ optedOut: true, optOut: { source: 'provider', rule: 'provider.21610' } });
    expect(await message(now.id)).toMatchObject({ status: 'failed', error_code: '21610', error_message: 'Attempt to send to unsubscribed recipient' });
    expect(await message(later.id)).toMatchObject({ status: 'canceled', error_code: 'contact_opted_out' });
    expect((await call(t.app, org.apiKey, 'GET', `/api/v1/calls/${placed.id}`)).json()).toMatchObject({ status: 'canceled' });
    const enrollments = (await call(t.app, org.apiKey, 'GET', `/api/v1/sequences/${sequence.id}/enrollments`)).json().items;
    expect(enrollments).toEqual([expect.objectContaining({ id: enrollment.id, status: 'stopped_opted_out', nextStep: null })]);

    clock.advance(2 * 24 * 60 * MINUTE);
    await t.runtime.dispatcher.runOnce();
    expect(fake.creates('Messages.json')).toHaveLength(1);
  });

  it('retries 500s with backoff, then fails the message with Twilio\'s code', async () => {
    fake.setFallback({ kind: 'error', status: 500, code: 20500, message: 'Internal Server Error' });
    const queued = await text('Try me');
    const delays: number[] = [];
    for (let pass = 0; pass < 10; pass += 1) {
      const tally = await t.runtime.dispatcher.runOnce();
      const row = await message(queued.id);
      if (row.status === 'failed') break;
      expect(tally.retried).toBe(1);
      expect(row.status).toBe('queued');
      delays.push(Date.parse(row.next_attempt_at!) - clock.now().getTime());
      // Not due yet: nothing is sent before the backoff is over.
      await t.runtime.dispatcher.runOnce();
      clock.advance(10 * MINUTE);
    }
    expect(await message(queued.id)).toMatchObject({ status: 'failed', error_code: '20500', error_message: 'Internal Server Error', attempts: 5 });
    expect(fake.creates()).toHaveLength(5);
    expect(delays).toHaveLength(4);
    for (const delay of delays) expect(delay).toBeGreaterThan(0);
    // Before each retry the provider looked for an earlier try that got through.
    expect(fake.requests.filter((r) => r.method === 'GET' && r.path === MESSAGES_PATH)).toHaveLength(4);
  });

  it('honours Retry-After on 429', async () => {
    fake.script({ kind: 'error', status: 429, code: 20429, message: 'Too Many Requests', retryAfter: '120' });
    const queued = await text('Rate me');
    const startedAt = clock.now().getTime();
    await t.runtime.dispatcher.runOnce();
    expect(Date.parse((await message(queued.id)).next_attempt_at!)).toBe(startedAt + 120_000);
    clock.advance(60_000);
    await t.runtime.dispatcher.runOnce();
    expect(fake.creates()).toHaveLength(1);
    clock.advance(61_000);
    await t.runtime.dispatcher.runOnce();
    expect(fake.creates()).toHaveLength(2);
    expect(await message(queued.id)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('fails other 4xx at once, keeping Twilio\'s code and message', async () => {
    fake.script({ kind: 'error', status: 400, code: 21211, message: "The 'To' number +14155550101 is not a valid phone number." });
    const queued = await text('Bad number');
    expect(await t.runtime.dispatcher.runOnce()).toMatchObject({ failed: 1, retried: 0 });
    expect((await call(t.app, org.apiKey, 'GET', `/api/v1/messages/${queued.id}`)).json()).toMatchObject({ status: 'failed', errorCode: '21211', errorMessage: expect.stringContaining('not a valid phone number') });
    clock.advance(60 * MINUTE);
    await t.runtime.dispatcher.runOnce();
    expect(fake.creates()).toHaveLength(1);
  });

  it('does not send twice when Twilio accepted a text but answered too late', async () => {
    fake.script({ kind: 'hang', ms: 1500, create: true });
    const queued = await text('Slow lane');
    expect(await t.runtime.dispatcher.runOnce()).toMatchObject({ retried: 1 });
    expect(await message(queued.id)).toMatchObject({ status: 'queued', error_code: 'timeout' });
    clock.advance(31_000);
    await t.runtime.dispatcher.runOnce();
    expect(fake.creates()).toHaveLength(1);
    expect(await message(queued.id)).toMatchObject({ status: 'sent', provider_message_id: fake.created[0]!.sid });
  });

  it('settles a send a crashed instance left unanswered by asking Twilio, and resends only what Twilio never got', async () => {
    const reached = await text('Reached Twilio');
    const lost = await text('Never left');
    const crashedAt = clock.now().toISOString();
    await t.runtime.deps.db.updateTable('messages').set({ status: 'sending', attempts: 1, claimed_at: crashedAt, claimed_by: 'dead-instance' }).where('id', 'in', [reached.id, lost.id]).execute();
    fake.created.push({ sid: 'SMfeedfeedfeedfeedfeedfeedfeedfeed', kind: 'message', accountSid: ACCOUNT_SID, from: TWILIO_NUMBER, to: LEAD, body: 'Reached Twilio', dateCreated: new Date() });

    await t.runtime.dispatcher.runOnce();
    // Within the lease nothing is touched: the other instance may still be waiting for Twilio.
    expect(await message(reached.id)).toMatchObject({ status: 'sending' });
    clock.advance(2 * MINUTE);
    await t.runtime.dispatcher.runOnce();
    expect(await message(reached.id)).toMatchObject({ status: 'sent', provider_message_id: 'SMfeedfeedfeedfeedfeedfeedfeedfeed' });
    expect(await message(lost.id)).toMatchObject({ status: 'sent' });
    expect(fake.creates().map((r) => r.form.Body)).toEqual(['Never left']);
  });

  it('fails a Twilio send clearly when the organization has no Twilio credentials', async () => {
    await t.runtime.deps.db.deleteFrom('provider_credentials').execute();
    const queued = await text('No creds');
    await t.runtime.dispatcher.runOnce();
    expect(await message(queued.id)).toMatchObject({ status: 'failed', error_code: 'twilio_not_configured' });
    expect(fake.requests).toHaveLength(0);
  });
});
