import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/compose.js';
import { DIALECTS } from '../support/databases.js';
import { FakeTwilio } from '../support/fake-twilio.js';
import { call, createTestApp, signUpOrganization, type TestApp } from '../support/test-app.js';
import { ACCOUNT_SID, AUTH_TOKEN, connectTwilio, inboundSms, postTwilioWebhook, TWILIO_NUMBER } from '../support/twilio.js';

describe.each(DIALECTS)('the Twilio auth token stays secret (%s)', (dialect) => {
  let t: TestApp;
  let fake: FakeTwilio;
  afterEach(async () => {
    await t.close();
    await fake.close();
  });

  it('never appears in a response or a log line, at trace level, through every Twilio path', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _encoding, done) => void (lines.push(String(chunk)), done()) });
    fake = await FakeTwilio.start();
    t = await createTestApp(dialect, { twilioApiBase: fake.url, logger: createLogger('trace', sink) });
    const org = await signUpOrganization(t.app, 'Acme Solar');
    const responses: string[] = [];
    const record = <T extends { body: string }>(response: T): T => (responses.push(response.body), response);

    await connectTwilio(t.app, org);
    record(await call(t.app, org.apiKey, 'GET', '/api/v1/providers/twilio'));
    record(await call(t.app, org.apiKey, 'PUT', '/api/v1/providers/twilio', { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN }));
    record(await call(t.app, org.apiKey, 'PUT', '/api/v1/providers/twilio', { accountSid: 'bad', authToken: AUTH_TOKEN }));
    const contactId = record(await call(t.app, org.apiKey, 'POST', '/api/v1/contacts', { phone: '+14155550101' })).json().id;
    record(await call(t.app, org.apiKey, 'POST', `/api/v1/contacts/${contactId}/messages`, { body: 'Hello' }));
    record(await call(t.app, org.apiKey, 'POST', `/api/v1/contacts/${contactId}/calls`, { voiceMessage: 'Your quote is ready.' }));
    fake.script({ kind: 'error', status: 401, code: 20003, message: 'Authenticate' });
    await t.runtime.dispatcher.runOnce();
    record(await call(t.app, org.apiKey, 'POST', `/api/v1/contacts/${contactId}/messages`, { body: 'Again' }));
    await t.runtime.dispatcher.runOnce();
    record(await postTwilioWebhook(t.app, '/webhooks/twilio/sms', inboundSms({ From: '+14155550101', Body: 'HELP', MessageSid: 'SM0000000000000000000000000000000a' })));
    record(await postTwilioWebhook(t.app, '/webhooks/twilio/sms', inboundSms({ From: '+14155550101', Body: 'STOP' }), { token: 'wrong-token' }));
    record(await postTwilioWebhook(t.app, '/webhooks/twilio/status', { MessageSid: fake.created[0]?.sid ?? 'SMx', MessageStatus: 'delivered', From: TWILIO_NUMBER, To: '+14155550101' }));
    record(await call(t.app, org.apiKey, 'GET', `/api/v1/contacts/${contactId}/conversation`));

    // The token did travel to "Twilio" (so the test would notice a leak), in Basic auth.
    expect(fake.requests.some((r) => r.auth?.password === AUTH_TOKEN)).toBe(true);
    const basic = Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64');
    const log = lines.join('');
    expect(lines.length).toBeGreaterThan(20);
    for (const secret of [AUTH_TOKEN, basic]) {
      expect(log).not.toContain(secret);
      for (const body of responses) expect(body).not.toContain(secret);
    }
  });
});
