import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/compose.js';
import { createTokenCipher } from '../../src/providers/token-cipher.js';
import { DIALECTS } from '../support/databases.js';
import { call, createTestApp, signUpOrganization, type TestApp } from '../support/test-app.js';
import { ACCOUNT_SID, AUTH_TOKEN, connectTwilio, inboundSms, postTwilioWebhook } from '../support/twilio.js';

const SMS = '/webhooks/twilio/sms';
const LEAD = '+14155550101';

describe.each(DIALECTS)('a changed SECRET_KEY (%s)', (dialect) => {
  let t: TestApp;
  afterEach(() => t.close());

  it('never loses an inbound STOP: stores it, answers Twilio, raises an alarm, reports the credentials unreadable, and lets nothing opt in', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _encoding, done) => void (lines.push(String(chunk)), done()) });
    t = await createTestApp(dialect, { logger: createLogger('info', sink) });
    const org = await signUpOrganization(t.app);
    await connectTwilio(t.app, org);
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
    await connectTwilio(t.app, org, { number: '+14155550009' });
    expect((await call(t.app, org.apiKey, 'GET', '/api/v1/providers/twilio')).json()).toEqual({ accountSid: ACCOUNT_SID, configured: true });
    await postTwilioWebhook(t.app, SMS, inboundSms({ From: LEAD, Body: 'START', MessageSid: 'SMcccccccccccccccccccccccccccccc05' }));
    expect(await consent()).toMatchObject({ opted_out: 0 });
  });
});
