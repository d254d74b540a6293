import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { addUserWithKey, call, createTestApp, signUpOrganization, TEST_PUBLIC_URL, type Organization, type TestApp } from '../support/test-app.js';
import { ACCOUNT_SID, AUTH_TOKEN, connectTwilio, countRows, inboundSms, postTwilioWebhook, TWILIO_NUMBER } from '../support/twilio.js';

const SMS = '/webhooks/twilio/sms';
const STATUS = '/webhooks/twilio/status';
const LEAD = '+14155550101';

describe.each(DIALECTS)('Twilio credentials and webhooks (%s)', (dialect) => {
  let t: TestApp;
  let org: Organization;
  beforeEach(async () => {
    t = await createTestApp(dialect);
    org = await signUpOrganization(t.app, 'Acme Solar');
  });
  afterEach(() => t.close());

  it('stores the Twilio credentials for owners and admins only, encrypted, and never returns the token', async () => {
    expect((await call(t.app, org.apiKey, 'GET', '/api/v1/providers/twilio')).json()).toEqual({ accountSid: null, configured: false });
    const saved = await call(t.app, org.apiKey, 'PUT', '/api/v1/providers/twilio', { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toEqual({ accountSid: ACCOUNT_SID, configured: true });
    const read = await call(t.app, org.apiKey, 'GET', '/api/v1/providers/twilio');
    expect(read.json()).toEqual({ accountSid: ACCOUNT_SID, configured: true });
    expect(read.body).not.toContain(AUTH_TOKEN);

    const stored = await t.runtime.deps.db.selectFrom('provider_credentials').selectAll().executeTakeFirstOrThrow();
    expect(stored.auth_token_ciphertext).not.toContain(AUTH_TOKEN);
    expect(stored.auth_token_ciphertext).toMatch(/^[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    // The ciphertext is bound to its organization: copied onto another organization's row it does not decrypt.
    const other = await signUpOrganization(t.app, 'Other Co');
    expect(() => t.runtime.deps.secrets.decrypt(stored.auth_token_ciphertext, `${other.organizationId}:twilio`)).toThrow(/could not be decrypted/);

    const agent = await addUserWithKey(t.app, org, 'agent');
    expect((await call(t.app, agent.apiKey, 'GET', '/api/v1/providers/twilio')).statusCode).toBe(403);
    const byAgent = await call(t.app, agent.apiKey, 'PUT', '/api/v1/providers/twilio', { accountSid: ACCOUNT_SID, authToken: 'x'.repeat(32) });
    expect(byAgent.statusCode).toBe(403);
    expect(byAgent.json().error.code).toBe('forbidden');
    const admin = await addUserWithKey(t.app, org, 'admin');
    expect((await call(t.app, admin.apiKey, 'GET', '/api/v1/providers/twilio')).json()).toEqual({ accountSid: ACCOUNT_SID, configured: true });

    const badSid = await call(t.app, org.apiKey, 'PUT', '/api/v1/providers/twilio', { accountSid: 'not-a-sid', authToken: AUTH_TOKEN });
    expect(badSid.statusCode).toBe(400);
    expect(badSid.json().error).toMatchObject({ code: 'invalid_request', field: 'accountSid' });
    expect(badSid.body).not.toContain(AUTH_TOKEN);

    // The form parser Twilio needs is registered for the webhooks only, not for the API.
    const form = await t.app.inject({ method: 'POST', url: '/api/v1/contacts', headers: { authorization: `Bearer ${org.apiKey}`, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'phone=%2B14155550101' });
    expect(form.statusCode).toBe(415);
  });

  describe('with Twilio connected', () => {
    beforeEach(() => connectTwilio(t.app, org));

    it('opts the number out on a signed STOP and answers TwiML with the one confirmation', async () => {
      const response = await postTwilioWebhook(t.app, SMS, inboundSms({ From: LEAD, Body: 'STOP', MessageSid: 'SM00000000000000000000000000000001' }));
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/xml/);
      expect(response.body).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><Response><Message>[^<]*Acme Solar[^<]*<\/Message><\/Response>$/);
      expect(response.body).toMatch(/unsubscribed/i);

      const contacts = (await call(t.app, org.apiKey, 'GET', '/api/v1/contacts?optedOut=true')).json().items;
      expect(contacts).toEqual([expect.objectContaining({ phone: LEAD, optedOut: true, optOut: expect.objectContaining({ source: 'keyword', keyword: 'STOP' }) })]);
      const messages = await t.runtime.deps.db.selectFrom('messages').selectAll().orderBy('created_at').orderBy('id').execute();
      expect(messages.map((m) => [m.direction, m.status, m.provider, m.provider_message_id])).toEqual([
        ['inbound', 'received', 'twilio', 'SM00000000000000000000000000000001'],
        ['outbound', 'sent', 'twilio', null],
      ]);
      expect(messages[1]).toMatchObject({ from_number: TWILIO_NUMBER, to_number: LEAD, purpose: 'reply_opt_out' });
      // The reply went out in the TwiML answer: the dispatcher has nothing left to send.
      expect((await t.runtime.dispatcher.runOnce()).sent).toBe(0);
    });

    it('answers an empty <Response/> when there is nothing to say, and escapes XML in replies', async () => {
      const plain = await postTwilioWebhook(t.app, SMS, inboundSms({ From: LEAD, Body: 'Sounds good, call me tomorrow', MessageSid: 'SM00000000000000000000000000000002' }));
      expect(plain.statusCode).toBe(200);
      expect(plain.body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');

      await call(t.app, org.apiKey, 'PUT', '/api/v1/settings/opt-out', { helpReply: 'Help from {organization} <support> & "more"' });
      const help = await postTwilioWebhook(t.app, SMS, inboundSms({ From: LEAD, Body: 'HELP', MessageSid: 'SM00000000000000000000000000000003' }));
      expect(help.body).toContain('<Message>Help from Acme Solar &lt;support&gt; &amp; &quot;more&quot;</Message>');
    });

    it('refuses forged, unsigned, wrong-URL and unknown-number requests with 403 and stores nothing', async () => {
      const before = await countRows(t.runtime.deps.db);
      const stop = inboundSms({ From: LEAD, Body: 'STOP', MessageSid: 'SM00000000000000000000000000000004' });
      const attempts = [
        await postTwilioWebhook(t.app, SMS, stop, { token: null }),
        await postTwilioWebhook(t.app, SMS, stop, { token: 'ffffffffffffffffffffffffffffffff' }),
        await postTwilioWebhook(t.app, SMS, stop, { signature: 'bm90IGEgc2lnbmF0dXJl' }),
        await postTwilioWebhook(t.app, SMS, stop, { signedUrl: `https://elsewhere.example${SMS}` }),
        await postTwilioWebhook(t.app, SMS, stop, { signedUrl: `${TEST_PUBLIC_URL}${STATUS}` }),
        // Signed for other fields than the ones posted.
        await postTwilioWebhook(t.app, SMS, { ...stop, Body: 'hello' }, { signature: (await import('twilio')).default.getExpectedTwilioSignature(AUTH_TOKEN, `${TEST_PUBLIC_URL}${SMS}`, stop) }),
        await postTwilioWebhook(t.app, SMS, { ...stop, To: '+14155559999' }),
        await postTwilioWebhook(t.app, STATUS, { MessageSid: 'SM99999999999999999999999999999999', MessageStatus: 'delivered', From: TWILIO_NUMBER, To: LEAD }, { token: 'ffffffffffffffffffffffffffffffff' }),
      ];
      for (const response of attempts) {
        expect(response.statusCode).toBe(403);
        expect(response.json()).toEqual({ error: { code: 'forbidden', message: expect.stringMatching(/X-Twilio-Signature/) } });
      }
      expect(await countRows(t.runtime.deps.db)).toEqual(before);
    });

    it('refuses a request signed with another organization\'s token for this number', async () => {
      const other = await signUpOrganization(t.app, 'Other Co');
      await connectTwilio(t.app, other, { authToken: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', number: '+14155550001' });
      const before = await countRows(t.runtime.deps.db);
      const response = await postTwilioWebhook(t.app, SMS, inboundSms({ From: LEAD, Body: 'STOP', To: TWILIO_NUMBER }), { token: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' });
      expect(response.statusCode).toBe(403);
      expect(await countRows(t.runtime.deps.db)).toEqual(before);
    });

    it('stores a retried MessageSid once and answers it the same way', async () => {
      const stop = inboundSms({ From: LEAD, Body: 'Stop', MessageSid: 'SM00000000000000000000000000000005' });
      const first = await postTwilioWebhook(t.app, SMS, stop);
      const retried = await Promise.all([postTwilioWebhook(t.app, SMS, stop), postTwilioWebhook(t.app, SMS, stop)]);
      for (const response of retried) {
        expect(response.statusCode).toBe(200);
        expect(response.body).toBe(first.body);
      }
      const inbound = await t.runtime.deps.db.selectFrom('messages').select('id').where('direction', '=', 'inbound').execute();
      expect(inbound).toHaveLength(1);
      const events = await t.runtime.deps.db.selectFrom('consent_events').select('id').execute();
      expect(events).toHaveLength(1);
    });

    it('refuses a signed START replayed with its MessageSid shifted into the next field (400), and the number stays opted out', async () => {
      const start = inboundSms({ From: LEAD, Body: 'START', MessageSid: 'SMabcdefabcdefabcdefabcdefabcdef01' });
      await postTwilioWebhook(t.app, SMS, inboundSms({ From: LEAD, Body: 'STOP', MessageSid: 'SMabcdefabcdefabcdefabcdefabcdef00' }));
      expect((await postTwilioWebhook(t.app, SMS, start)).body).toMatch(/<Message>/);
      await postTwilioWebhook(t.app, SMS, inboundSms({ From: LEAD, Body: 'STOP', MessageSid: 'SMabcdefabcdefabcdefabcdefabcdef02' }));
      const before = await countRows(t.runtime.deps.db);

      // Twilio signs key+value concatenated with nothing between: "MessageSid" + "SM…01" + "NumMedia" + "0" reads the same
      // as one field MessageSid = "SM…01NumMedia0" with NumMedia dropped. The captured signature still matches.
      const { NumMedia: _dropped, ...rest } = start;
      const shifted = { ...rest, MessageSid: `${start.MessageSid}NumMedia0` };
      const signature = (await import('twilio')).default.getExpectedTwilioSignature(AUTH_TOKEN, `${TEST_PUBLIC_URL}${SMS}`, start);
      expect((await import('twilio')).default.validateRequest(AUTH_TOKEN, signature, `${TEST_PUBLIC_URL}${SMS}`, shifted)).toBe(true);
      const replayed = await postTwilioWebhook(t.app, SMS, shifted, { signature });
      expect(replayed.statusCode).toBe(400);
      expect(replayed.json().error).toMatchObject({ code: 'invalid_request', field: 'MessageSid' });

      // The other fields it trusts are held to Twilio's shapes too, signed or not.
      const malformed = [
        { ...start, MessageSid: 'SMABCDEFABCDEFABCDEFABCDEFABCDEF01', SmsSid: 'SMABCDEFABCDEFABCDEFABCDEFABCDEF01', SmsMessageSid: 'SMABCDEFABCDEFABCDEFABCDEFABCDEF01' },
        { ...start, SmsSid: 'SMabcdefabcdefabcdefabcdefabcdef99' },
        { ...start, AccountSid: 'ACnotanaccount' },
        { ...start, AccountSid: 'AC99999999999999999999999999999999' },
        { ...start, From: '4155550101' },
        { ...start, From: `${LEAD}AccountSid` },
        { ...start, To: 'whatsapp:+14155550000' },
      ];
      for (const params of malformed) {
        const response = await postTwilioWebhook(t.app, SMS, params);
        expect(response.statusCode, JSON.stringify(params)).toBe(400);
        expect(response.json().error.code).toBe('invalid_request');
      }
      expect(await countRows(t.runtime.deps.db)).toEqual(before);
      const consent = await t.runtime.deps.db.selectFrom('phone_consent').selectAll().where('phone', '=', LEAD).executeTakeFirstOrThrow();
      expect(consent.opted_out).toBe(1);

      // The exact capture replayed is a retry of a message already taken: the same answer, nothing stored again, still opted out.
      const exact = await postTwilioWebhook(t.app, SMS, start);
      expect(exact.statusCode).toBe(200);
      expect(exact.body).toMatch(/<Message>/);
      expect(await countRows(t.runtime.deps.db)).toEqual(before);
      expect((await t.runtime.deps.db.selectFrom('phone_consent').selectAll().where('phone', '=', LEAD).executeTakeFirstOrThrow()).opted_out).toBe(1);
    });

    it('honours Twilio\'s OptOutType even when our classifier would do nothing', async () => {
      const response = await postTwilioWebhook(t.app, SMS, inboundSms({ From: LEAD, Body: 'Thanks, talk soon', OptOutType: 'STOP', MessageSid: 'SM00000000000000000000000000000006' }));
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('<Message>');
      const consent = await t.runtime.deps.db.selectFrom('phone_consent').selectAll().where('phone', '=', LEAD).executeTakeFirstOrThrow();
      expect(consent).toMatchObject({ opted_out: 1, source: 'keyword', rule: 'provider.opt_out_type' });

      const start = await postTwilioWebhook(t.app, SMS, inboundSms({ From: LEAD, Body: 'ok then', OptOutType: 'START', MessageSid: 'SM00000000000000000000000000000007' }));
      expect(start.statusCode).toBe(200);
      const after = await t.runtime.deps.db.selectFrom('phone_consent').selectAll().where('phone', '=', LEAD).executeTakeFirstOrThrow();
      expect(after.opted_out).toBe(0);
    });

    it('moves an outbound message forward on status callbacks, never back, keeping Twilio\'s error code', async () => {
      const contact = (await call(t.app, org.apiKey, 'POST', '/api/v1/contacts', { phone: LEAD })).json();
      const sent = (await call(t.app, org.apiKey, 'POST', `/api/v1/contacts/${contact.id}/messages`, { body: 'Quote ready' })).json().message;
      // Pretend the dispatcher handed it to Twilio.
      await t.runtime.deps.db.updateTable('messages').set({ status: 'sent', provider_message_id: 'SM11111111111111111111111111111111' }).where('id', '=', sent.id).execute();
      const status = (MessageStatus: string, extra: Record<string, string> = {}) =>
        postTwilioWebhook(t.app, STATUS, { MessageSid: 'SM11111111111111111111111111111111', MessageStatus, AccountSid: ACCOUNT_SID, From: TWILIO_NUMBER, To: LEAD, ...extra });
      const get = async () => (await call(t.app, org.apiKey, 'GET', `/api/v1/messages/${sent.id}`)).json();

      expect((await status('delivered')).statusCode).toBe(204);
      expect(await get()).toMatchObject({ status: 'delivered' });
      await status('sent');
      await status('queued');
      expect(await get()).toMatchObject({ status: 'delivered' });

      const second = (await call(t.app, org.apiKey, 'POST', `/api/v1/contacts/${contact.id}/messages`, { body: 'Still there?' })).json().message;
      await t.runtime.deps.db.updateTable('messages').set({ status: 'sent', provider_message_id: 'SM22222222222222222222222222222222' }).where('id', '=', second.id).execute();
      await postTwilioWebhook(t.app, STATUS, { MessageSid: 'SM22222222222222222222222222222222', MessageStatus: 'undelivered', ErrorCode: '30003', From: TWILIO_NUMBER, To: LEAD });
      expect((await call(t.app, org.apiKey, 'GET', `/api/v1/messages/${second.id}`)).json()).toMatchObject({ status: 'failed', errorCode: '30003' });
      await postTwilioWebhook(t.app, STATUS, { MessageSid: 'SM22222222222222222222222222222222', MessageStatus: 'delivered', From: TWILIO_NUMBER, To: LEAD });
      expect((await call(t.app, org.apiKey, 'GET', `/api/v1/messages/${second.id}`)).json()).toMatchObject({ status: 'failed', errorCode: '30003' });
    });

    it('records an opt-out with source provider when a status callback reports 21610', async () => {
      const contact = (await call(t.app, org.apiKey, 'POST', '/api/v1/contacts', { phone: LEAD })).json();
      const first = (await call(t.app, org.apiKey, 'POST', `/api/v1/contacts/${contact.id}/messages`, { body: 'Hello' })).json().message;
      const later = (await call(t.app, org.apiKey, 'POST', `/api/v1/contacts/${contact.id}/messages`, { body: 'Tomorrow', sendAt: new Date(Date.now() + 3_600_000).toISOString() })).json().message;
      await t.runtime.deps.db.updateTable('messages').set({ status: 'sent', provider_message_id: 'SM33333333333333333333333333333333' }).where('id', '=', first.id).execute();

      const response = await postTwilioWebhook(t.app, STATUS, { MessageSid: 'SM33333333333333333333333333333333', MessageStatus: 'failed', ErrorCode: '21610', From: TWILIO_NUMBER, To: LEAD });
      expect(response.statusCode).toBe(204);
      expect((await call(t.app, org.apiKey, 'GET', `/api/v1/contacts/${contact.id}`)).json()).toMatchObject({ optedOut: true, optOut: { source: 'provider' } });
      expect((await call(t.app, org.apiKey, 'GET', `/api/v1/messages/${first.id}`)).json()).toMatchObject({ status: 'failed', errorCode: '21610' });
      expect((await call(t.app, org.apiKey, 'GET', `/api/v1/messages/${later.id}`)).json()).toMatchObject({ status: 'canceled' });
      const events = (await call(t.app, org.apiKey, 'GET', `/api/v1/contacts/${contact.id}/consent-events`)).json().items;
      expect(events).toEqual([expect.objectContaining({ type: 'opted_out', source: 'provider', messageId: first.id })]);
    });
  });
});
