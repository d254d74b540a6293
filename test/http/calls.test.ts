import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { FakeTwilio } from '../support/fake-twilio.js';
import { addUserWithKey, call, createTestApp, signUpOrganization, TEST_PUBLIC_URL, type Organization, type TestApp } from '../support/test-app.js';
import { ACCOUNT_SID, AUTH_TOKEN, connectTwilio, countRows, postTwilioWebhook, TWILIO_NUMBER } from '../support/twilio.js';

const LEAD = '+14155550101';
const AGENT_PHONE = '+14155550177';
const FORWARD_TO = '+14155550188';
const VOICE = '/webhooks/twilio/voice';

describe.each(DIALECTS)('calls through Twilio with the opt-out inside them (%s)', (dialect) => {
  let t: TestApp;
  let fake: FakeTwilio;
  let org: Organization;
  let agent: Awaited<ReturnType<typeof addUserWithKey>>;
  let contactId: string;

  beforeEach(async () => {
    fake = await FakeTwilio.start();
    t = await createTestApp(dialect, { twilioApiBase: fake.url, twilioTimeoutMs: 2000 });
    org = await signUpOrganization(t.app, 'Acme Solar');
    await connectTwilio(t.app, org, { fake });
    // Only the calls count below, not the registration's ownership lookup.
    fake.requests.splice(0);
    agent = await addUserWithKey(t.app, org, 'agent');
    contactId = (await call(t.app, org.apiKey, 'POST', '/api/v1/contacts', { name: 'Ana Lead', phone: LEAD })).json().id;
  });
  afterEach(async () => {
    await t.close();
    await fake.close();
  });

  /** Places the call and lets the dispatcher hand it to the fake Twilio; returns our call and Twilio's sid for it. */
  const placeAndDispatch = async (apiKey: string, payload: object) => {
    const response = await call(t.app, apiKey, 'POST', `/api/v1/contacts/${contactId}/calls`, payload);
    expect(response.statusCode).toBe(201);
    await t.runtime.dispatcher.runOnce();
    const created = fake.created.filter((r) => r.kind === 'call').at(-1)!;
    return { call: response.json().call as { id: string; mode: string; connectTo: string | null }, sid: created.sid, created };
  };
  /** Posts one of a call's voice webhooks as Twilio would: form fields, signed for PUBLIC_URL + path. */
  const voiceHook = (path: string, sid: string, fields: Record<string, string> = {}, options: Parameters<typeof postTwilioWebhook>[3] = {}) =>
    postTwilioWebhook(t.app, `${VOICE}${path}`, { CallSid: sid, AccountSid: ACCOUNT_SID, From: TWILIO_NUMBER, To: LEAD, ApiVersion: '2010-04-01', ...fields }, options);
  const getCall = async (id: string) => (await call(t.app, org.apiKey, 'GET', `/api/v1/calls/${id}`)).json();
  const getContact = async () => (await call(t.app, org.apiKey, 'GET', `/api/v1/contacts/${contactId}`)).json();

  describe('click-to-call', () => {
    it('rings the agent from the organization\'s number, then dials the contact with that number as caller ID, and records progress and duration', async () => {
      const profile = await call(t.app, agent.apiKey, 'PATCH', '/api/v1/users/me', { phone: '(415) 555-0177' });
      expect(profile.json()).toMatchObject({ phone: AGENT_PHONE });
      const team = (await call(t.app, org.apiKey, 'GET', '/api/v1/users')).json().items;
      expect(team.find((u: { id: string }) => u.id === agent.userId)).toMatchObject({ phone: AGENT_PHONE });

      const { call: placed, sid, created } = await placeAndDispatch(agent.apiKey, {});
      expect(placed).toMatchObject({ mode: 'bridge', connectTo: AGENT_PHONE });
      // The agent's phone rings first, from the organization's number.
      expect(created).toMatchObject({ from: TWILIO_NUMBER, to: AGENT_PHONE });
      const request = fake.creates('Calls.json').at(-1)!;
      expect(request.form).toMatchObject({ Url: `${TEST_PUBLIC_URL}${VOICE}/calls/${placed.id}/answer`, StatusCallback: `${TEST_PUBLIC_URL}${VOICE}/calls/${placed.id}/status` });
      expect((await getCall(placed.id)).status).toBe('initiated');

      expect((await voiceHook(`/calls/${placed.id}/status`, sid, { CallStatus: 'ringing', To: AGENT_PHONE })).statusCode).toBe(204);
      expect((await getCall(placed.id)).status).toBe('ringing');

      const answered = await voiceHook(`/calls/${placed.id}/answer`, sid, { CallStatus: 'in-progress', To: AGENT_PHONE });
      expect(answered.statusCode).toBe(200);
      expect(answered.headers['content-type']).toContain('text/xml');
      expect(answered.body).toContain(`<Dial callerId="${TWILIO_NUMBER}" action="${TEST_PUBLIC_URL}${VOICE}/calls/${placed.id}/result" method="POST">${LEAD}</Dial>`);
      expect((await getCall(placed.id)).status).toBe('in-progress');

      const result = await voiceHook(`/calls/${placed.id}/result`, sid, { DialCallStatus: 'completed', DialCallDuration: '42', DialCallSid: 'CA' + 'b'.repeat(32) });
      expect(result.body).toContain('<Hangup/>');
      // The agent's own leg ends after the contact's: its status and longer duration do not replace the contact's.
      await voiceHook(`/calls/${placed.id}/status`, sid, { CallStatus: 'completed', CallDuration: '60', To: AGENT_PHONE });
      await voiceHook(`/calls/${placed.id}/status`, sid, { CallStatus: 'ringing', To: AGENT_PHONE });
      expect(await getCall(placed.id)).toMatchObject({ status: 'completed', durationSeconds: 42 });

      const conversation = (await call(t.app, org.apiKey, 'GET', `/api/v1/contacts/${contactId}/conversation`)).json().items;
      expect(conversation).toContainEqual(expect.objectContaining({ kind: 'call', id: placed.id, mode: 'bridge', status: 'completed', durationSeconds: 42 }));
    });

    it('does not dial a contact who opted out while the agent\'s phone rang: the agent hears why and the call is canceled', async () => {
      const { call: placed, sid } = await placeAndDispatch(org.apiKey, { connectTo: AGENT_PHONE });
      await call(t.app, org.apiKey, 'POST', '/api/v1/messages/inbound', { from: LEAD, body: 'STOP' });

      const answered = await voiceHook(`/calls/${placed.id}/answer`, sid, { To: AGENT_PHONE });
      expect(answered.statusCode).toBe(200);
      expect(answered.body).not.toContain('<Dial');
      expect(answered.body).toContain('opted out');
      expect(answered.body).toContain('<Hangup/>');
      expect(await getCall(placed.id)).toMatchObject({ status: 'canceled', errorCode: 'contact_opted_out' });
      await voiceHook(`/calls/${placed.id}/status`, sid, { CallStatus: 'completed', CallDuration: '9', To: AGENT_PHONE });
      expect((await getCall(placed.id)).status).toBe('canceled');
    });

    it('needs a phone to ring first: an API key must give connectTo, a user without a phone on their profile gets a clear 400', async () => {
      const byKey = await call(t.app, org.apiKey, 'POST', `/api/v1/contacts/${contactId}/calls`, {});
      expect(byKey.statusCode).toBe(400);
      expect(byKey.json().error).toMatchObject({ code: 'invalid_request', field: 'connectTo' });
      expect(byKey.json().error.message).toContain('API key');
      const noPhone = await call(t.app, agent.apiKey, 'POST', `/api/v1/contacts/${contactId}/calls`, {});
      expect(noPhone.statusCode).toBe(400);
      expect(noPhone.json().error.message).toContain('no phone number on your profile');
      expect((await call(t.app, org.apiKey, 'POST', `/api/v1/contacts/${contactId}/calls`, { connectTo: 'not a phone' })).statusCode).toBe(400);
      expect(fake.requests).toHaveLength(0);
    });

    it('refuses to call an opted-out contact at all (409), before anything reaches Twilio', async () => {
      await call(t.app, org.apiKey, 'POST', `/api/v1/contacts/${contactId}/opt-out`, {});
      const response = await call(t.app, org.apiKey, 'POST', `/api/v1/contacts/${contactId}/calls`, { connectTo: AGENT_PHONE });
      expect(response.statusCode).toBe(409);
      expect(response.json().error.code).toBe('contact_opted_out');
      await t.runtime.dispatcher.runOnce();
      expect(fake.creates('Calls.json')).toHaveLength(0);
    });
  });

  describe('automated voice messages', () => {
    it('speaks the message and the FCC opt-out; pressing 9 opts the number out at once with the call as evidence', async () => {
      const { call: placed, sid, created } = await placeAndDispatch(org.apiKey, { voiceMessage: 'Your solar quote is ready. Call us back any time.', audioUrl: 'https://example.com/quote.mp3' });
      expect(created.to).toBe(LEAD);
      const answered = await voiceHook(`/calls/${placed.id}/answer`, sid);
      expect(answered.body).toContain(
        `<Gather numDigits="1" action="${TEST_PUBLIC_URL}${VOICE}/calls/${placed.id}/keypress" method="POST" timeout="5" actionOnEmptyResult="true"><Say>Your solar quote is ready. Call us back any time.</Say><Play>https://example.com/quote.mp3</Play><Say>Press 9 to stop all calls and texts from Acme Solar.</Say></Gather>`,
      );

      const pressed = await voiceHook(`/calls/${placed.id}/keypress`, sid, { Digits: '9' });
      expect(pressed.body).toContain('<Say>You will receive no more calls or texts from Acme Solar. Goodbye.</Say><Hangup/>');
      expect(await getContact()).toMatchObject({ optedOut: true, optOut: { source: 'keypress', rule: 'keypress.9' } });

      const events = (await call(t.app, org.apiKey, 'GET', `/api/v1/contacts/${contactId}/consent-events`)).json().items;
      expect(events).toEqual([expect.objectContaining({ type: 'opted_out', source: 'keypress', callId: placed.id, actorUserId: null })]);
      const report = (await call(t.app, org.apiKey, 'GET', `/api/v1/contacts/${contactId}/consent-report`)).json();
      expect(report.events[0]).toMatchObject({ source: 'keypress', actor: { description: 'The contact, by pressing the opt-out key on a call' }, onCall: { id: placed.id, found: true, from: TWILIO_NUMBER, to: LEAD, providerCallId: sid } });
      expect(report.ledgerVerification).toMatchObject({ theseEventsIntact: true, organizationLedger: { ok: true } });
      expect((await call(t.app, org.apiKey, 'GET', '/api/v1/consent-ledger/verify')).json()).toMatchObject({ ok: true, checked: 1 });

      // From now on nothing goes to the number.
      expect((await call(t.app, org.apiKey, 'POST', `/api/v1/contacts/${contactId}/messages`, { body: 'Hello?' })).statusCode).toBe(409);
      // A repeated keypress webhook records nothing twice.
      await voiceHook(`/calls/${placed.id}/keypress`, sid, { Digits: '9' });
      expect((await countRows(t.runtime.deps.db)).consent_events).toBe(1);
    });

    it('changes nothing when the person presses nothing or another key, and uses the organization\'s own key', async () => {
      await call(t.app, org.apiKey, 'PUT', '/api/v1/settings/opt-out', { voiceOptOutKey: '7' });
      const { call: placed, sid } = await placeAndDispatch(org.apiKey, { voiceMessage: 'Hello from Acme.' });
      const answered = await voiceHook(`/calls/${placed.id}/answer`, sid);
      expect(answered.body).toContain('<Say>Press 7 to stop all calls and texts from Acme Solar.</Say>');

      for (const digits of ['', '9', '1']) {
        const response = await voiceHook(`/calls/${placed.id}/keypress`, sid, digits ? { Digits: digits } : {});
        expect(response.body).toContain('<Say>Goodbye.</Say>');
      }
      expect((await getContact()).optedOut).toBe(false);
      await voiceHook(`/calls/${placed.id}/keypress`, sid, { Digits: '7' });
      expect(await getContact()).toMatchObject({ optedOut: true, optOut: { source: 'keypress', rule: 'keypress.7' } });
    });

    it('hangs up without speaking when the number opted out before the call was answered', async () => {
      const { call: placed, sid } = await placeAndDispatch(org.apiKey, { voiceMessage: 'Hello from Acme.' });
      await call(t.app, org.apiKey, 'POST', '/api/v1/opt-outs', { phone: LEAD });
      const answered = await voiceHook(`/calls/${placed.id}/answer`, sid);
      expect(answered.body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>');
      expect((await getCall(placed.id)).status).toBe('canceled');
    });

    it('a sequence\'s call step speaks its words with the keypress opt-out, and records status and duration', async () => {
      const sequence = (await call(t.app, org.apiKey, 'POST', '/api/v1/sequences', { name: 'Follow-up', steps: [{ type: 'call', delayMinutes: 0, voiceMessage: 'Hi, this is Acme about your roof.' }] })).json();
      expect(sequence.steps[0]).toMatchObject({ type: 'call', voiceMessage: 'Hi, this is Acme about your roof.' });
      await call(t.app, org.apiKey, 'POST', `/api/v1/sequences/${sequence.id}/enrollments`, { contactId });
      await t.runtime.dispatcher.runOnce();
      const created = fake.created.find((r) => r.kind === 'call')!;
      const callId = /\/calls\/([^/]+)\/answer$/.exec(fake.creates('Calls.json')[0]!.form.Url!)![1]!;
      const answered = await voiceHook(`/calls/${callId}/answer`, created.sid);
      expect(answered.body).toContain('<Say>Hi, this is Acme about your roof.</Say><Say>Press 9 to stop all calls and texts from Acme Solar.</Say>');
      await voiceHook(`/calls/${callId}/status`, created.sid, { CallStatus: 'completed', CallDuration: '31' });
      expect(await getCall(callId)).toMatchObject({ mode: 'voice_message', status: 'completed', durationSeconds: 31 });
      for (const status of ['busy', 'no-answer']) {
        await voiceHook(`/calls/${callId}/status`, created.sid, { CallStatus: status });
      }
      expect((await getCall(callId)).status).toBe('completed');
    });

    it('validates the words and the audio URL', async () => {
      for (const payload of [{ voiceMessage: '   ' }, { voiceMessage: 'Hi', audioUrl: 'javascript:alert(1)' }, { voiceMessage: 'Hi', connectTo: AGENT_PHONE }]) {
        expect((await call(t.app, org.apiKey, 'POST', `/api/v1/contacts/${contactId}/calls`, payload)).statusCode).toBe(400);
      }
    });
  });

  describe('the voice webhooks prove they come from Twilio', () => {
    it('refuses a bad signature, another account, an unknown call and ids of the wrong shape, changing nothing', async () => {
      const { call: placed, sid } = await placeAndDispatch(org.apiKey, { voiceMessage: 'Hello.' });
      const before = await countRows(t.runtime.deps.db);
      const path = `/calls/${placed.id}/keypress`;
      expect((await voiceHook(path, sid, { Digits: '9' }, { token: 'another-token-0123456789abcdef00' })).statusCode).toBe(403);
      expect((await voiceHook(path, sid, { Digits: '9' }, { token: null })).statusCode).toBe(403);
      expect((await voiceHook(path, sid, { Digits: '9' }, { signedUrl: `${TEST_PUBLIC_URL}${VOICE}/calls/other/keypress` })).statusCode).toBe(403);
      expect((await voiceHook(path, sid, { Digits: '9', AccountSid: 'AC' + 'f'.repeat(32) })).statusCode).toBe(403);
      expect((await voiceHook('/calls/00000000-0000-7000-8000-000000000000/keypress', sid, { Digits: '9' })).statusCode).toBe(403);
      expect((await voiceHook(path, 'CA' + 'c'.repeat(32), { Digits: '9' })).statusCode).toBe(403);
      const badIds: Record<string, string>[] = [{ CallSid: 'CA123' }, { CallSid: `CA${'G'.repeat(32)}` }, { AccountSid: 'AC123' }, { AccountSid: `XX${'0'.repeat(32)}` }];
      for (const fields of badIds) {
        const response = await voiceHook(path, sid, { Digits: '9', ...fields });
        expect(response.statusCode).toBe(400);
      }
      expect(await countRows(t.runtime.deps.db)).toEqual(before);
      expect((await getContact()).optedOut).toBe(false);
      expect(AUTH_TOKEN).toHaveLength(32);
    });
  });

  describe('said on a call', () => {
    it('"Asked not to be called or texted" opts the number out with source agent, the teammate as actor and the call as evidence', async () => {
      const { call: placed, sid } = await placeAndDispatch(org.apiKey, { connectTo: AGENT_PHONE });
      await voiceHook(`/calls/${placed.id}/answer`, sid, { To: AGENT_PHONE });
      await voiceHook(`/calls/${placed.id}/result`, sid, { DialCallStatus: 'completed', DialCallDuration: '75' });

      const response = await call(t.app, agent.apiKey, 'POST', `/api/v1/calls/${placed.id}/opt-out`, {});
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id: contactId, optedOut: true, optOut: { source: 'agent', reason: 'Asked on a call not to be called or texted.' } });
      const events = (await call(t.app, org.apiKey, 'GET', `/api/v1/contacts/${contactId}/consent-events`)).json().items;
      expect(events).toEqual([expect.objectContaining({ source: 'agent', actorUserId: agent.userId, callId: placed.id })]);
      const report = (await call(t.app, org.apiKey, 'GET', `/api/v1/contacts/${contactId}/consent-report`)).json();
      expect(report.events[0]).toMatchObject({ actor: { type: 'user', id: agent.userId }, onCall: { id: placed.id, durationSeconds: 75, status: 'completed' } });
      // A second click changes nothing; the contact can still not be called.
      expect((await call(t.app, agent.apiKey, 'POST', `/api/v1/calls/${placed.id}/opt-out`, {})).statusCode).toBe(200);
      expect((await countRows(t.runtime.deps.db)).consent_events).toBe(1);
      expect((await call(t.app, org.apiKey, 'POST', `/api/v1/contacts/${contactId}/calls`, { connectTo: AGENT_PHONE })).statusCode).toBe(409);
    });
  });

  describe('calls to the organization\'s number', () => {
    const inbound = (sid: string, from: string, options: Parameters<typeof postTwilioWebhook>[3] = {}) =>
      postTwilioWebhook(t.app, `${VOICE}/inbound`, { CallSid: sid, AccountSid: ACCOUNT_SID, From: from, To: TWILIO_NUMBER, Called: TWILIO_NUMBER, CallStatus: 'ringing', Direction: 'inbound', ApiVersion: '2010-04-01' }, options);
    const CALLER = '+14155550199';
    const SID = `CA${'1'.repeat(32)}`;

    it('greets a new caller, offers the keypress opt-out, records the call in a new contact\'s conversation, and 9 opts them out', async () => {
      const answered = await inbound(SID, CALLER);
      expect(answered.statusCode).toBe(200);
      expect(answered.body).toContain('<Say>Thank you for calling Acme Solar. We cannot take your call right now; we will call you back.</Say><Say>Press 9 to stop all calls and texts from Acme Solar.</Say></Gather>');
      // Twilio retries the same call: still one call.
      await inbound(SID, CALLER);
      const contacts = (await call(t.app, org.apiKey, 'GET', `/api/v1/contacts?search=${encodeURIComponent(CALLER)}`)).json().items;
      expect(contacts).toHaveLength(1);
      const conversation = (await call(t.app, org.apiKey, 'GET', `/api/v1/contacts/${contacts[0].id}/conversation`)).json().items;
      expect(conversation).toEqual([expect.objectContaining({ kind: 'call', mode: 'inbound', direction: 'inbound', from: CALLER, to: TWILIO_NUMBER })]);
      const callId = conversation[0].id;

      const pressed = await postTwilioWebhook(t.app, `${VOICE}/calls/${callId}/keypress`, { CallSid: SID, AccountSid: ACCOUNT_SID, From: CALLER, To: TWILIO_NUMBER, Digits: '9' });
      expect(pressed.body).toContain('You will receive no more calls or texts from Acme Solar.');
      const contact = (await call(t.app, org.apiKey, 'GET', `/api/v1/contacts/${contacts[0].id}`)).json();
      expect(contact).toMatchObject({ optedOut: true, optOut: { source: 'keypress' } });
      expect((await getCall(callId)).status).toBe('completed');
    });

    it('forwards to the organization\'s number when the caller does not opt out, and records how the forwarded call ended', async () => {
      expect((await call(t.app, org.apiKey, 'PUT', '/api/v1/settings/opt-out', { inboundCallForwardTo: '415-555-0188' })).json()).toMatchObject({ inboundCallForwardTo: FORWARD_TO });
      const answered = await inbound(SID, LEAD);
      expect(answered.body).toContain('<Say>Thank you for calling Acme Solar.</Say><Say>Press 9 to stop all calls and texts from Acme Solar.</Say>');
      const callId = (await call(t.app, org.apiKey, 'GET', `/api/v1/contacts/${contactId}/conversation`)).json().items[0].id;
      const noKey = await postTwilioWebhook(t.app, `${VOICE}/calls/${callId}/keypress`, { CallSid: SID, AccountSid: ACCOUNT_SID, From: LEAD, To: TWILIO_NUMBER });
      expect(noKey.body).toContain(`<Dial action="${TEST_PUBLIC_URL}${VOICE}/calls/${callId}/result" method="POST">${FORWARD_TO}</Dial>`);
      await postTwilioWebhook(t.app, `${VOICE}/calls/${callId}/result`, { CallSid: SID, AccountSid: ACCOUNT_SID, From: LEAD, To: TWILIO_NUMBER, DialCallStatus: 'completed', DialCallDuration: '120' });
      expect(await getCall(callId)).toMatchObject({ status: 'completed', durationSeconds: 120 });
      expect((await getContact()).optedOut).toBe(false);
    });

    it('refuses an unsigned call and one to a number no organization registered', async () => {
      expect((await inbound(SID, CALLER, { token: null })).statusCode).toBe(403);
      expect((await postTwilioWebhook(t.app, `${VOICE}/inbound`, { CallSid: SID, AccountSid: ACCOUNT_SID, From: CALLER, To: '+14155559999' })).statusCode).toBe(403);
      expect((await countRows(t.runtime.deps.db)).calls).toBe(0);
    });
  });
});
