import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/compose.js';
import { createTokenCipher } from '../../src/providers/token-cipher.js';
import { DIALECTS } from '../support/databases.js';
import { FakeTwilio } from '../support/fake-twilio.js';
import { call, createTestApp, signUpOrganization, type TestApp } from '../support/test-app.js';
import { ACCOUNT_SID, AUTH_TOKEN, connectTwilio, inboundSms, postTwilioWebhook, TWILIO_NUMBER } from '../support/twilio.js';

const SMS = '/webhooks/twilio/sms';
const LEAD = '+14155550101';

describe.each(DIALECTS)('a changed SECRET_KEY (%s)', (dialect) => {
  let t: TestApp;
  let fake: FakeTwilio;
  afterEach(async () => {
    await t.close();
    await fake.close();
  });

  it('never loses an inbound STOP: stores it, answers Twilio, raises an alarm, reports the credentials unreadable, and lets nothing opt in', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _encoding, done) => void (lines.push(String(chunk)), done()) });
    fake = await FakeTwilio.start();
    t = await createTestApp(dialect, { logger: createLogger('info', sink), twilioApiBase: fake.url });
    const org = await signUpOrganization(t.app);
    await connectTwilio(t.app, org, { fake });
    // The token as a server with another SECRET_KEY saved it: this one cannot decrypt it.
    const otherKey = createTokenCipher(Buffer.alloc(32, 9));
    await t.runtime.deps.db
      .updateTable('provider_credentials')
      .set({ auth_token_ciphertext: otherKey.encrypt(AUTH_TOKEN, `${org.organizationId}:twilio`) })
      .where('organization_id', '=', org.organizationId)
      .execute();

    expect((await call(t.app, org.apiKey, 'GET', '/api/v1/providers/twilio')).json()).toEqual({ accountSid: ACCOUNT_SID, configured: false, unreadable: true });

    const stop = inboundSms({ From: LEAD, Body: 'STOP', MessageSid: 'SMcccccccccccccccccccccccccccccc01' });
    const answered = await postTwilioWebhook(t.app, SMS, stop);
    expect(answered.statusCode).toBe(200);
    expect(answered.body).toMatch(/<Message>[^<]*unsubscribed/i);
    const consent = () => t.runtime.deps.db.selectFrom('phone_consent').selectAll().where('phone', '=', LEAD).executeTakeFirstOrThrow();
    expect(await consent()).toMatchObject({ opted_out: 1, source: 'keyword' });
    const alarms = lines.map((line) => JSON.parse(line)).filter((entry) => entry.alarm === 'twilio_credentials_unreadable');
    expect(alarms).toEqual([expect.objectContaining({ level: 50, organizationId: org.organizationId })]);
    expect(lines.join('\n')).not.toContain(AUTH_TOKEN);

    // Twilio retrying it: the same answer, stored once.
    expect((await postTwilioWebhook(t.app, SMS, stop)).body).toBe(answered.body);
    const inbound = await t.runtime.deps.db.selectFrom('messages').select('id').where('direction', '=', 'inbound').execute();
    expect(inbound).toHaveLength(1);

    // Unverifiable, so it can never opt the number back in.
    const start = await postTwilioWebhook(t.app, SMS, inboundSms({ From: LEAD, Body: 'START', MessageSid: 'SMcccccccccccccccccccccccccccccc02' }));
    expect(start.statusCode).toBe(200);
    const withOptOutType = await postTwilioWebhook(t.app, SMS, { ...inboundSms({ From: LEAD, Body: 'ok', MessageSid: 'SMcccccccccccccccccccccccccccccc03' }), OptOutType: 'START' });
    expect(withOptOutType.statusCode).toBe(200);
    expect(await consent()).toMatchObject({ opted_out: 1 });
    // Another account's SID is refused even so.
    expect((await postTwilioWebhook(t.app, SMS, { ...stop, MessageSid: 'SMcccccccccccccccccccccccccccccc04', SmsSid: 'SMcccccccccccccccccccccccccccccc04', SmsMessageSid: 'SMcccccccccccccccccccccccccccccc04', AccountSid: 'AC99999999999999999999999999999999' })).statusCode).toBe(400);

    // Saved again under this key: verified as before, and a START opts back in.
    await connectTwilio(t.app, org, { fake, number: '+14155550009' });
    expect((await call(t.app, org.apiKey, 'GET', '/api/v1/providers/twilio')).json()).toEqual({ accountSid: ACCOUNT_SID, configured: true });
    await postTwilioWebhook(t.app, SMS, inboundSms({ From: LEAD, Body: 'START', MessageSid: 'SMcccccccccccccccccccccccccccccc05' }));
    expect(await consent()).toMatchObject({ opted_out: 0 });
  });

  it('status callbacks and keypresses: never a 500 — only the protective 21610 and the opt-out key act, the rest changes nothing, each raises an alarm', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _encoding, done) => void (lines.push(String(chunk)), done()) });
    fake = await FakeTwilio.start();
    t = await createTestApp(dialect, { logger: createLogger('info', sink), twilioApiBase: fake.url, twilioTimeoutMs: 2000 });
    const org = await signUpOrganization(t.app, 'Acme Solar');
    await connectTwilio(t.app, org, { fake });
    const contact = (await call(t.app, org.apiKey, 'POST', '/api/v1/contacts', { phone: LEAD })).json();
    const other = (await call(t.app, org.apiKey, 'POST', '/api/v1/contacts', { phone: '+14155550102' })).json();
    const sent = (await call(t.app, org.apiKey, 'POST', `/api/v1/contacts/${contact.id}/messages`, { body: 'Quote ready' })).json().message;
    const toOther = (await call(t.app, org.apiKey, 'POST', `/api/v1/contacts/${other.id}/messages`, { body: 'Quote ready' })).json().message;
    const placed = (await call(t.app, org.apiKey, 'POST', `/api/v1/contacts/${other.id}/calls`, { voiceMessage: 'Your quote is ready.' })).json().call;
    await t.runtime.dispatcher.runOnce();
    const callSid = fake.created.filter((r) => r.kind === 'call').at(-1)!.sid;
    const message = async (id: string) => (await call(t.app, org.apiKey, 'GET', `/api/v1/messages/${id}`)).json();
    const sid = async (id: string) => (await message(id)).providerMessageId as string;
    const before = { sent: await message(sent.id), toOther: await message(toOther.id) };
    expect(before.sent.status).toBe('sent');

    const otherKey = createTokenCipher(Buffer.alloc(32, 9));
    await t.runtime.deps.db
      .updateTable('provider_credentials')
      .set({ auth_token_ciphertext: otherKey.encrypt(AUTH_TOKEN, `${org.organizationId}:twilio`) })
      .where('organization_id', '=', org.organizationId)
      .execute();
    const status = async (messageId: string, to: string, fields: Record<string, string>) =>
      postTwilioWebhook(t.app, '/webhooks/twilio/status', { MessageSid: await sid(messageId), AccountSid: ACCOUNT_SID, From: TWILIO_NUMBER, To: to, ...fields });

    // An ordinary report cannot be checked, so it changes nothing; Twilio is still answered.
    const delivered = await status(toOther.id, '+14155550102', { MessageStatus: 'delivered' });
    expect(delivered.statusCode).toBe(204);
    expect((await message(toOther.id)).status).toBe(before.toOther.status);
    // "Recipient unsubscribed" only protects the person: it opts the number out.
    const unsubscribed = await status(sent.id, LEAD, { MessageStatus: 'failed', ErrorCode: '21610' });
    expect(unsubscribed.statusCode).toBe(204);
    expect((await call(t.app, org.apiKey, 'GET', `/api/v1/contacts/${contact.id}`)).json()).toMatchObject({ optedOut: true, optOut: { source: 'provider' } });
    // Nor does a call's progress.
    const callBefore = (await call(t.app, org.apiKey, 'GET', `/api/v1/calls/${placed.id}`)).json().status;
    const callReport = await postTwilioWebhook(t.app, '/webhooks/twilio/status', { CallSid: callSid, CallStatus: 'completed', ErrorCode: '21610', AccountSid: ACCOUNT_SID, From: TWILIO_NUMBER, To: '+14155550102' });
    expect(callReport.statusCode).toBe(204);
    expect((await call(t.app, org.apiKey, 'GET', `/api/v1/calls/${placed.id}`)).json().status).toBe(callBefore);
    // Another account's SID is refused.
    expect((await status(toOther.id, '+14155550102', { MessageStatus: 'failed', ErrorCode: '21610', AccountSid: 'AC99999999999999999999999999999999' })).statusCode).toBe(400);

    // A keypress other than the opt-out key hangs up and changes nothing; the opt-out key opts out.
    const keypress = (digits: string, fields: Record<string, string> = {}) =>
      postTwilioWebhook(t.app, `/webhooks/twilio/voice/calls/${placed.id}/keypress`, { CallSid: callSid, AccountSid: ACCOUNT_SID, From: TWILIO_NUMBER, To: '+14155550102', Digits: digits, ...fields });
    const wrongKey = await keypress('5');
    expect(wrongKey.statusCode).toBe(200);
    expect(wrongKey.body).toContain('<Hangup/>');
    expect((await call(t.app, org.apiKey, 'GET', `/api/v1/contacts/${other.id}`)).json().optedOut).toBe(false);
    expect((await keypress('9', { CallSid: 'CA99999999999999999999999999999999' })).statusCode).toBe(403);
    const pressed = await keypress('9');
    expect(pressed.statusCode).toBe(200);
    expect(pressed.body).toMatch(/<Say>[^<]*/);
    expect((await call(t.app, org.apiKey, 'GET', `/api/v1/contacts/${other.id}`)).json()).toMatchObject({ optedOut: true, optOut: { source: 'keypress' } });

    // Anything else that needs the token answers a clear 503, not an anonymous 500.
    const answer = await postTwilioWebhook(t.app, `/webhooks/twilio/voice/calls/${placed.id}/answer`, { CallSid: callSid, AccountSid: ACCOUNT_SID, From: TWILIO_NUMBER, To: '+14155550102' });
    expect(answer.statusCode).toBe(503);
    expect(answer.json().error.code).toBe('provider_credentials_unreadable');

    const alarms = lines.map((line) => JSON.parse(line)).filter((entry) => entry.alarm === 'twilio_credentials_unreadable');
    expect(alarms.length).toBeGreaterThanOrEqual(4);
    expect(lines.join('\n')).not.toContain(AUTH_TOKEN);
  });
});
