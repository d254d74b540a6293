import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRuntime, type Runtime } from '../../src/compose.js';
import { FakeTwilio } from '../support/fake-twilio.js';
import { call, createTestApp, signUpOrganization, turnOffOptOutNotice, TEST_PUBLIC_URL, TEST_SECRET_KEY, type Organization, type TestApp } from '../support/test-app.js';
import { connectTwilio } from '../support/twilio.js';

// Several server instances share one PostgreSQL: claims use FOR UPDATE SKIP LOCKED, so each send goes out once.
describe('two dispatchers on one PostgreSQL database', () => {
  let t: TestApp;
  let fake: FakeTwilio;
  let second: Runtime;
  let org: Organization;

  beforeEach(async () => {
    fake = await FakeTwilio.start();
    // A little latency at "Twilio" so the two instances' work interleaves.
    fake.setFallback({ kind: 'hang', ms: 3, create: true });
    t = await createTestApp('postgres', { twilioApiBase: fake.url });
    second = await createRuntime({ storage: t.database.target, logger: pino({ level: 'silent' }), secretKey: TEST_SECRET_KEY, publicUrl: TEST_PUBLIC_URL, twilioApiBase: fake.url });
    org = await signUpOrganization(t.app, 'Acme Solar');
    // These tests compare exact bodies; the notice on first texts has its own tests (opt-out-notice.test.ts).
    await turnOffOptOutNotice(t.app, org);
    await connectTwilio(t.app, org);
  });
  afterEach(async () => {
    await second.close();
    await t.close();
    await fake.close();
  });

  /** Runs passes until nothing is left to send; returns how many sends this instance made. */
  async function drain(runtime: Runtime): Promise<number> {
    let sent = 0;
    for (let pass = 0; pass < 200; pass += 1) {
      const tally = await runtime.dispatcher.runOnce();
      sent += tally.sent;
      if (tally.sent + tally.steps + tally.canceled + tally.failed + tally.retried > 0) continue;
      const pending = await runtime.deps.db.selectFrom('messages').select('id').where('status', 'in', ['queued', 'scheduled', 'sending']).executeTakeFirst();
      const due = await runtime.deps.db.selectFrom('sequence_enrollments').select('id').where('status', '=', 'active').executeTakeFirst();
      if (!pending && !due) return sent;
    }
    throw new Error('the dispatchers did not drain the queue');
  }

  it('send each of 200 queued messages exactly once', async () => {
    const contacts: string[] = [];
    for (let i = 0; i < 20; i += 1) {
      contacts.push((await call(t.app, org.apiKey, 'POST', '/api/v1/contacts', { phone: `+1415555${String(1000 + i)}` })).json().id);
    }
    for (let i = 0; i < 200; i += 1) {
      const response = await call(t.app, org.apiKey, 'POST', `/api/v1/contacts/${contacts[i % 20]}/messages`, { body: `Message ${i}` });
      expect(response.statusCode).toBe(201);
    }

    const [first, other] = await Promise.all([drain(t.runtime), drain(second)]);
    // Both instances did part of the work, and together exactly all of it.
    expect(first).toBeGreaterThan(0);
    expect(other).toBeGreaterThan(0);
    expect(first + other).toBe(200);

    const bodies = fake.creates().map((r) => r.form.Body);
    expect(bodies).toHaveLength(200);
    expect(new Set(bodies).size).toBe(200);
    const rows = await t.runtime.deps.db.selectFrom('messages').select(['status', 'provider_message_id', 'attempts']).execute();
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
    expect(new Set(rows.map((r) => r.provider_message_id)).size).toBe(200);
  });

  it('run each sequence step exactly once', async () => {
    const sequence = (await call(t.app, org.apiKey, 'POST', '/api/v1/sequences', {
      name: 'Burst',
      steps: [{ type: 'sms', body: 'First', delayMinutes: 0 }, { type: 'sms', body: 'Second', delayMinutes: 0 }, { type: 'call', delayMinutes: 0 }],
    })).json();
    for (let i = 0; i < 40; i += 1) {
      const contactId = (await call(t.app, org.apiKey, 'POST', '/api/v1/contacts', { phone: `+1415555${String(2000 + i)}` })).json().id;
      expect((await call(t.app, org.apiKey, 'POST', `/api/v1/sequences/${sequence.id}/enrollments`, { contactId })).statusCode).toBe(201);
    }

    await Promise.all([drain(t.runtime), drain(second)]);

    const texts = fake.creates('Messages.json').map((r) => `${r.form.To}:${r.form.Body}`);
    expect(texts).toHaveLength(80);
    expect(new Set(texts).size).toBe(80);
    const calls = fake.creates('Calls.json').map((r) => r.form.To);
    expect(calls).toHaveLength(40);
    expect(new Set(calls).size).toBe(40);
    const statuses = await t.runtime.deps.db.selectFrom('sequence_enrollments').select('status').execute();
    expect(statuses.every((s) => s.status === 'completed')).toBe(true);
  });
});
