import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { FakeTwilio } from '../support/fake-twilio.js';
import { call, createTestApp, signUpOrganization, type Organization, type TestApp } from '../support/test-app.js';
import { connectTwilio } from '../support/twilio.js';

describe.each(DIALECTS)('stopping the dispatcher (shutdown) mid-send (%s)', (dialect) => {
  let t: TestApp;
  let fake: FakeTwilio;
  let org: Organization;
  beforeEach(async () => {
    fake = await FakeTwilio.start();
    t = await createTestApp(dialect, { twilioApiBase: fake.url });
    org = await signUpOrganization(t.app);
    await connectTwilio(t.app, org, { fake });
  });
  afterEach(async () => {
    await t.close();
    await fake.close();
  });

  it('waits for provider calls in flight and records their outcome before it stops', async () => {
    fake.setFallback({ kind: 'hang', ms: 400, create: true });
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const response = await call(t.app, org.apiKey, 'POST', '/api/v1/messages', { to: `+1415555030${i}`, body: `Quote ${i}` });
      ids.push(response.json().message.id);
    }
    t.runtime.dispatcher.start();
    const deadline = Date.now() + 5000;
    while (fake.creates().length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(fake.creates()).toHaveLength(3);

    // SIGTERM path: stop while Twilio has not answered yet.
    await t.runtime.dispatcher.stop();
    const rows = await t.runtime.deps.db.selectFrom('messages').select(['id', 'status', 'provider_message_id']).where('id', 'in', ids).execute();
    expect(rows.map((row) => row.status)).toEqual(['sent', 'sent', 'sent']);
    expect(rows.every((row) => row.provider_message_id?.startsWith('SM'))).toBe(true);
  });
});
