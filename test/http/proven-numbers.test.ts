import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { FakeTwilio } from '../support/fake-twilio.js';
import { call, createTestApp, signUpOrganization, type Organization, type TestApp } from '../support/test-app.js';
import { ACCOUNT_SID, AUTH_TOKEN, connectTwilio, inboundSms, postTwilioWebhook, TWILIO_NUMBER } from '../support/twilio.js';

const OTHER_SID = 'ACfedcba9876543210fedcba9876543210';
const OTHER_TOKEN = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';

/**
 * Rule 12: numbers are proven. A Twilio number is registered only when the
 * organization's own Twilio account lists it; a console number is a sandbox
 * label of its organization that neither blocks nor routes anything else.
 */
describe.each(DIALECTS)('proven sender numbers (%s)', (dialect) => {
  let fake: FakeTwilio;
  let t: TestApp;
  let business: Organization;
  let stranger: Organization;
  beforeEach(async () => {
    fake = await FakeTwilio.start();
    t = await createTestApp(dialect, { twilioApiBase: fake.url, twilioTimeoutMs: 500 });
    business = await signUpOrganization(t.app, 'Acme Solar');
    stranger = await signUpOrganization(t.app, 'Not Acme');
    fake.requireToken(ACCOUNT_SID, AUTH_TOKEN);
    fake.requireToken(OTHER_SID, OTHER_TOKEN);
  });
  afterEach(async () => {
    await t.close();
    await fake.close();
  });

  const register = (org: Organization, phoneNumber: string, provider: 'console' | 'twilio') => call(t.app, org.apiKey, 'POST', '/api/v1/numbers', { phoneNumber, provider });
  const saveCredentials = (org: Organization, accountSid: string, authToken: string) => call(t.app, org.apiKey, 'PUT', '/api/v1/providers/twilio', { accountSid, authToken });

  it('registers a Twilio number the organization\'s own account owns, asking Twilio with that account\'s credentials', async () => {
    fake.ownNumber(ACCOUNT_SID, TWILIO_NUMBER);
    await saveCredentials(business, ACCOUNT_SID, AUTH_TOKEN);
    const response = await register(business, '(415) 555-0000', 'twilio');
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ phoneNumber: TWILIO_NUMBER, provider: 'twilio', verified: true });
    const [lookup] = fake.numberLookups();
    expect(lookup).toMatchObject({ path: `/2010-04-01/Accounts/${ACCOUNT_SID}/IncomingPhoneNumbers.json`, query: { PhoneNumber: TWILIO_NUMBER }, auth: { username: ACCOUNT_SID, password: AUTH_TOKEN } });
  });

  it('refuses a Twilio number the account does not own, without credentials, and with rejected credentials', async () => {
    // The stranger's own account exists, but the business's number is not in it.
    fake.ownNumber(ACCOUNT_SID, TWILIO_NUMBER);
    const noCredentials = await register(stranger, TWILIO_NUMBER, 'twilio');
    expect(noCredentials.statusCode).toBe(409);
    expect(noCredentials.json().error.message).toMatch(/Twilio Account SID and Auth Token first/);

    await saveCredentials(stranger, OTHER_SID, OTHER_TOKEN);
    const notOwned = await register(stranger, TWILIO_NUMBER, 'twilio');
    expect(notOwned.statusCode).toBe(422);
    expect(notOwned.json().error).toMatchObject({ code: 'phone_number_not_owned', field: 'phoneNumber' });

    // Someone's SID with a guessed token: Twilio refuses, and so do we.
    await saveCredentials(stranger, ACCOUNT_SID, OTHER_TOKEN);
    const rejected = await register(stranger, TWILIO_NUMBER, 'twilio');
    expect(rejected.statusCode).toBe(422);
    expect(rejected.json().error.code).toBe('provider_credentials_rejected');
    expect((await call(t.app, stranger.apiKey, 'GET', '/api/v1/numbers')).json().items).toEqual([]);
  });

  it('says Twilio could not be asked, and registers nothing, when Twilio does not answer', async () => {
    await saveCredentials(business, ACCOUNT_SID, AUTH_TOKEN);
    await fake.close();
    const response = await register(business, TWILIO_NUMBER, 'twilio');
    expect(response.statusCode).toBe(502);
    expect(response.json().error.code).toBe('provider_unavailable');
    expect((await call(t.app, business.apiKey, 'GET', '/api/v1/numbers')).json().items).toEqual([]);
    fake = await FakeTwilio.start();
  });

  it('a stranger\'s console claim neither blocks the real owner nor takes its webhooks, and tells the stranger nothing', async () => {
    const squat = await register(stranger, TWILIO_NUMBER, 'console');
    expect(squat.statusCode).toBe(201);
    // The real owner proves the number and gets it.
    await connectTwilio(t.app, business, { fake });
    // Its customers' STOPs reach it.
    const stop = await postTwilioWebhook(t.app, '/webhooks/twilio/sms', inboundSms({ From: '+14155550101', Body: 'STOP', MessageSid: `SM${'1'.repeat(32)}` }));
    expect(stop.statusCode).toBe(200);
    const contact = (await call(t.app, business.apiKey, 'GET', '/api/v1/contacts?search=555-0101')).json().items[0];
    expect(contact).toMatchObject({ optedOut: true });
    expect((await call(t.app, stranger.apiKey, 'GET', '/api/v1/contacts')).json().items).toEqual([]);

    // A second organization may label the same number too: nothing says it is taken elsewhere.
    const third = await signUpOrganization(t.app, 'Third');
    expect((await register(third, '(415) 555-0000', 'console')).statusCode).toBe(201);
    // Within one organization, a number is registered once.
    const again = await register(stranger, TWILIO_NUMBER, 'console');
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toMatch(/your organization/);
  });

  it('a console number never routes a Twilio webhook, even signed with its organization\'s token', async () => {
    await saveCredentials(stranger, OTHER_SID, OTHER_TOKEN);
    expect((await register(stranger, '+14155550009', 'console')).statusCode).toBe(201);
    const signed = await postTwilioWebhook(t.app, '/webhooks/twilio/sms', { ...inboundSms({ From: '+14155550101', Body: 'STOP', To: '+14155550009', MessageSid: `SM${'2'.repeat(32)}` }), AccountSid: OTHER_SID }, { token: OTHER_TOKEN });
    expect(signed.statusCode).toBe(403);
    expect((await call(t.app, stranger.apiKey, 'GET', '/api/v1/contacts')).json().items).toEqual([]);
  });

  it('an organization\'s own console label becomes its proven Twilio number', async () => {
    expect((await register(business, TWILIO_NUMBER, 'console')).statusCode).toBe(201);
    await connectTwilio(t.app, business, { fake });
    const numbers = (await call(t.app, business.apiKey, 'GET', '/api/v1/numbers')).json().items;
    expect(numbers).toEqual([expect.objectContaining({ phoneNumber: TWILIO_NUMBER, provider: 'twilio', verified: true })]);
    expect((await postTwilioWebhook(t.app, '/webhooks/twilio/sms', inboundSms({ From: '+14155550102', Body: 'hello', MessageSid: `SM${'3'.repeat(32)}` }))).statusCode).toBe(200);
  });

  it('one proven registration per number: a second organization on the same Twilio account is told only after its own proof', async () => {
    await connectTwilio(t.app, business, { fake });
    await saveCredentials(stranger, ACCOUNT_SID, AUTH_TOKEN);
    const second = await register(stranger, TWILIO_NUMBER, 'twilio');
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('conflict');
  });

  it('a Twilio number registered before proofs keeps routing its own signed webhooks, and a proven registration elsewhere wins', async () => {
    // As the previous version stored it: provider twilio, never proven.
    await saveCredentials(stranger, OTHER_SID, OTHER_TOKEN);
    await t.runtime.deps.db.insertInto('phone_numbers').values({ id: 'legacy-1', organization_id: stranger.organizationId, phone_number: TWILIO_NUMBER, provider: 'twilio', created_at: new Date().toISOString() }).execute();
    const legacy = await postTwilioWebhook(t.app, '/webhooks/twilio/sms', { ...inboundSms({ From: '+14155550103', Body: 'hi', MessageSid: `SM${'4'.repeat(32)}` }), AccountSid: OTHER_SID }, { token: OTHER_TOKEN });
    expect(legacy.statusCode).toBe(200);

    // The business proves the number is its own: from now on Twilio's webhooks for it go to the business.
    await connectTwilio(t.app, business, { fake });
    const stop = await postTwilioWebhook(t.app, '/webhooks/twilio/sms', inboundSms({ From: '+14155550104', Body: 'STOP', MessageSid: `SM${'5'.repeat(32)}` }));
    expect(stop.statusCode).toBe(200);
    expect((await call(t.app, business.apiKey, 'GET', '/api/v1/contacts?search=555-0104')).json().items[0]).toMatchObject({ optedOut: true });
  });
});
