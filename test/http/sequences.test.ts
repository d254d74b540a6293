import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { FakeTwilio } from '../support/fake-twilio.js';
import { addUserWithKey, call, createTestApp, signUpOrganization, turnOffOptOutNotice, type Organization, type TestApp } from '../support/test-app.js';
import { connectTwilio, manualClock } from '../support/twilio.js';

const MINUTE = 60_000;

describe.each(DIALECTS)('sequences (%s)', (dialect) => {
  let t: TestApp;
  let org: Organization;
  let clock: ReturnType<typeof manualClock>;
  let contactId: string;

  beforeEach(async () => {
    clock = manualClock();
    t = await createTestApp(dialect, { clock: clock.now });
    org = await signUpOrganization(t.app, 'Acme Solar');
    // These tests compare exact bodies; the notice on first texts has its own tests (opt-out-notice.test.ts).
    await turnOffOptOutNotice(t.app, org);
    contactId = (await call(t.app, org.apiKey, 'POST', '/api/v1/contacts', { name: 'Ana Lead', phone: '415-555-0111' })).json().id;
  });
  afterEach(() => t.close());

  const createSequence = async (steps: unknown[], name = 'Nurture') => {
    const response = await call(t.app, org.apiKey, 'POST', '/api/v1/sequences', { name, steps });
    expect(response.statusCode).toBe(201);
    return response.json() as { id: string };
  };
  const enroll = (sequenceId: string, contact = contactId, key = org.apiKey) => call(t.app, key, 'POST', `/api/v1/sequences/${sequenceId}/enrollments`, { contactId: contact });
  const enrollments = async (sequenceId: string) => (await call(t.app, org.apiKey, 'GET', `/api/v1/sequences/${sequenceId}/enrollments`)).json().items;
  const sentBodies = () => t.deliveries.map((d) => (d.kind === 'text' ? d.body : 'call'));

  it('creates, lists and validates sequences', async () => {
    const created = await call(t.app, org.apiKey, 'POST', '/api/v1/sequences', {
      name: ' Solar nurture ',
      steps: [{ type: 'sms', body: ' Hi! ', delayMinutes: 0 }, { type: 'call', delayMinutes: 60 }],
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ name: 'Solar nurture', steps: [{ type: 'sms', body: 'Hi!', delayMinutes: 0 }, { type: 'call', delayMinutes: 60 }] });
    await createSequence([{ type: 'call', delayMinutes: 5 }], 'Second');
    const list = (await call(t.app, org.apiKey, 'GET', '/api/v1/sequences?limit=1')).json();
    expect(list.items.map((s: { name: string }) => s.name)).toEqual(['Second']);
    const next = (await call(t.app, org.apiKey, 'GET', `/api/v1/sequences?limit=1&cursor=${list.nextCursor}`)).json();
    expect(next).toMatchObject({ items: [{ name: 'Solar nurture' }], nextCursor: null });

    for (const steps of [[], [{ type: 'sms', delayMinutes: 0 }], [{ type: 'sms', body: 'x', delayMinutes: -1 }], [{ type: 'email', delayMinutes: 0 }], [{ type: 'call', delayMinutes: 1.5 }]]) {
      const bad = await call(t.app, org.apiKey, 'POST', '/api/v1/sequences', { name: 'Bad', steps });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.code).toBe('invalid_request');
    }
  });

  it('enrolls a contact once, refuses opted-out contacts with contact_opted_out, and keeps organizations apart', async () => {
    const sequence = await createSequence([{ type: 'sms', body: 'Day 1', delayMinutes: 1440 }]);
    const agent = await addUserWithKey(t.app, org, 'agent');
    const enrolled = await enroll(sequence.id, contactId, agent.apiKey);
    expect(enrolled.statusCode).toBe(201);
    expect(enrolled.json()).toMatchObject({
      sequenceId: sequence.id,
      contactId,
      phone: '+14155550111',
      status: 'active',
      nextStep: { index: 0, type: 'sms', dueAt: new Date(clock.now().getTime() + 1440 * MINUTE).toISOString() },
    });
    const again = await enroll(sequence.id);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('conflict');

    const optedOut = (await call(t.app, org.apiKey, 'POST', '/api/v1/contacts', { phone: '415-555-0112' })).json().id;
    await call(t.app, org.apiKey, 'POST', `/api/v1/contacts/${optedOut}/opt-out`, { reason: 'Asked on a call' });
    const refused = await enroll(sequence.id, optedOut);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('contact_opted_out');
    expect(await enrollments(sequence.id)).toHaveLength(1);

    expect((await enroll(sequence.id, 'no-such-contact')).statusCode).toBe(404);
    const other = await signUpOrganization(t.app, 'Other Co');
    expect((await call(t.app, other.apiKey, 'GET', `/api/v1/sequences/${sequence.id}/enrollments`)).statusCode).toBe(404);
    expect((await call(t.app, other.apiKey, 'POST', `/api/v1/sequences/${sequence.id}/enrollments`, { contactId })).statusCode).toBe(404);
    expect((await call(t.app, other.apiKey, 'GET', '/api/v1/sequences')).json().items).toEqual([]);
  });

  it('runs each step when it is due, in order, and completes', async () => {
    const sequence = await createSequence([
      { type: 'sms', body: 'Welcome', delayMinutes: 0 },
      { type: 'call', delayMinutes: 60 },
      { type: 'sms', body: 'Day 1', delayMinutes: 1440 },
    ]);
    expect((await enroll(sequence.id)).statusCode).toBe(201);

    expect(await t.runtime.dispatcher.runOnce()).toMatchObject({ steps: 1, sent: 1 });
    expect(sentBodies()).toEqual(['Welcome']);
    expect((await enrollments(sequence.id))[0]).toMatchObject({ status: 'active', stepsRun: 1, nextStep: { index: 1, type: 'call', dueAt: new Date(clock.now().getTime() + 60 * MINUTE).toISOString() } });

    clock.advance(59 * MINUTE);
    expect(await t.runtime.dispatcher.runOnce()).toMatchObject({ steps: 0, sent: 0 });
    clock.advance(2 * MINUTE);
    await t.runtime.dispatcher.runOnce();
    expect(sentBodies()).toEqual(['Welcome', 'call']);
    clock.advance(1440 * MINUTE);
    await t.runtime.dispatcher.runOnce();
    await t.runtime.dispatcher.runOnce();
    expect(sentBodies()).toEqual(['Welcome', 'call', 'Day 1']);
    expect((await enrollments(sequence.id))[0]).toMatchObject({ status: 'completed', stepsRun: 3, nextStep: null, completedAt: clock.now().toISOString() });

    const conversation = (await call(t.app, org.apiKey, 'GET', `/api/v1/contacts/${contactId}/conversation`)).json().items;
    expect(conversation.filter((e: { kind: string }) => e.kind === 'message').map((e: { purpose: string; body: string }) => `${e.purpose}:${e.body}`)).toEqual(['sequence:Welcome', 'sequence:Day 1']);
    const runs = await t.runtime.deps.db.selectFrom('sequence_step_runs').selectAll().orderBy('step_index').execute();
    expect(runs.map((r) => [r.step_index, r.message_id !== null, r.call_id !== null])).toEqual([[0, true, false], [1, false, true], [2, true, false]]);
  });

  it('stops every active enrollment of a number the moment it opts out; opting back in does not restart them', async () => {
    const first = await createSequence([{ type: 'sms', body: 'One', delayMinutes: 10 }, { type: 'sms', body: 'Two', delayMinutes: 10 }], 'First');
    const second = await createSequence([{ type: 'call', delayMinutes: 30 }], 'Second');
    await enroll(first.id);
    await enroll(second.id);
    clock.advance(11 * MINUTE);
    await t.runtime.dispatcher.runOnce();
    expect(sentBodies()).toEqual(['One']);

    const stop = await call(t.app, org.apiKey, 'POST', '/api/v1/messages/inbound', { from: '+14155550111', body: 'STOP' });
    expect(stop.json().action).toBe('opted_out');
    for (const sequence of [first, second]) {
      expect(await enrollments(sequence.id)).toEqual([expect.objectContaining({ status: 'stopped_opted_out', stopReason: 'contact_opted_out', nextStep: null, stoppedAt: expect.any(String) })]);
    }

    const optIn = await call(t.app, org.apiKey, 'POST', `/api/v1/contacts/${contactId}/opt-in`, { attestation: 'contact_requested', note: 'Called to ask for quotes again' });
    expect(optIn.statusCode).toBe(200);
    clock.advance(24 * 60 * MINUTE);
    await t.runtime.dispatcher.runOnce();
    expect(sentBodies().filter((b) => !/unsubscribed|resubscribed|subscribed/i.test(b))).toEqual(['One']);
    expect((await enrollments(first.id))[0].status).toBe('stopped_opted_out');
    // A new enrollment after the opt-in is a fresh, deliberate start.
    expect((await enroll(first.id)).statusCode).toBe(201);
  });

  it('never runs a due step for a number that opted out first, even if the opt-out skipped the enrollment', async () => {
    const sequence = await createSequence([{ type: 'sms', body: 'Due now', delayMinutes: 0 }]);
    await enroll(sequence.id);
    // Opted out without stopping the enrollment, as a racing instance might leave it: the runner checks under the lock.
    await t.runtime.deps.db.updateTable('phone_consent').set({ opted_out: 1, source: 'manual', changed_at: clock.now().toISOString() }).where('phone', '=', '+14155550111').execute();
    await t.runtime.dispatcher.runOnce();
    expect(t.deliveries).toHaveLength(0);
    expect((await enrollments(sequence.id))[0]).toMatchObject({ status: 'stopped_opted_out' });
    expect(await t.runtime.deps.db.selectFrom('messages').select('id').where('purpose', '=', 'sequence').execute()).toHaveLength(0);
  });

  it('cancels a step queued just before the opt-out, and stops the enrollment, so nothing reaches the number', async () => {
    const sequence = await createSequence([{ type: 'sms', body: 'Step one', delayMinutes: 0 }, { type: 'sms', body: 'Step two', delayMinutes: 0 }]);
    await enroll(sequence.id);
    // The runner queues both zero-delay steps; the opt-out lands before the dispatcher hands them over.
    const { runDueSequenceSteps } = await import('../../src/app/sequences/run-due-sequence-steps.js');
    await runDueSequenceSteps(t.runtime.deps, { instanceId: 'runner', leaseMs: 60_000, batchSize: 10 });
    await call(t.app, org.apiKey, 'POST', `/api/v1/contacts/${contactId}/opt-out`, {});
    await t.runtime.dispatcher.runOnce();
    expect(t.deliveries).toHaveLength(0);
    const statuses = await t.runtime.deps.db.selectFrom('messages').select('status').where('purpose', '=', 'sequence').execute();
    expect(statuses.map((s) => s.status)).toEqual(['canceled', 'canceled']);
  });

  it('cancels an enrollment whose contact changed number instead of texting the old one', async () => {
    const sequence = await createSequence([{ type: 'sms', body: 'Hello', delayMinutes: 5 }]);
    await enroll(sequence.id);
    await call(t.app, org.apiKey, 'PATCH', `/api/v1/contacts/${contactId}`, { phone: '415-555-0199' });
    clock.advance(6 * MINUTE);
    await t.runtime.dispatcher.runOnce();
    expect(t.deliveries).toHaveLength(0);
    expect((await enrollments(sequence.id))[0]).toMatchObject({ status: 'canceled', stopReason: 'contact_phone_changed' });
  });
});

describe.each(DIALECTS)('automated outreach in real time through Twilio (%s)', (dialect) => {
  let t: TestApp;
  let fake: FakeTwilio;
  afterEach(async () => {
    await t.close();
    await fake.close();
  });

  it('sends a scheduled message and a sequence step when due, and never if the number opted out first', async () => {
    fake = await FakeTwilio.start();
    // The sequence's one-minute step is made due in ~2 s by running the server's clock 58 s ahead.
    let offset = 0;
    t = await createTestApp(dialect, { twilioApiBase: fake.url, clock: () => new Date(Date.now() + offset) });
    const org = await signUpOrganization(t.app, 'Acme Solar');
    // These tests compare exact bodies; the notice on first texts has its own tests (opt-out-notice.test.ts).
    await turnOffOptOutNotice(t.app, org);
    await connectTwilio(t.app, org);
    const keep = (await call(t.app, org.apiKey, 'POST', '/api/v1/contacts', { phone: '415-555-0121' })).json().id;
    const leave = (await call(t.app, org.apiKey, 'POST', '/api/v1/contacts', { phone: '415-555-0122' })).json().id;
    const sequence = (await call(t.app, org.apiKey, 'POST', '/api/v1/sequences', { name: 'Soon', steps: [{ type: 'sms', body: 'Sequence step', delayMinutes: 1 }] })).json();

    const enrolled = (await call(t.app, org.apiKey, 'POST', `/api/v1/sequences/${sequence.id}/enrollments`, { contactId: keep })).json();
    await call(t.app, org.apiKey, 'POST', `/api/v1/sequences/${sequence.id}/enrollments`, { contactId: leave });
    offset = 58_000;
    const sendAt = new Date(Date.now() + offset + 2_000).toISOString();
    for (const id of [keep, leave]) {
      expect((await call(t.app, org.apiKey, 'POST', `/api/v1/contacts/${id}/messages`, { body: 'Scheduled', sendAt })).json().message.status).toBe('scheduled');
    }
    await call(t.app, org.apiKey, 'POST', `/api/v1/contacts/${leave}/opt-out`, { reason: 'Asked by email' });

    t.runtime.dispatcher.start();
    const deadline = Date.now() + 8_000;
    while (fake.creates().length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    await new Promise((resolve) => setTimeout(resolve, 300));

    const creates = fake.creates();
    expect(creates.map((r) => `${r.form.To}:${r.form.Body}`).sort()).toEqual(['+14155550121:Scheduled', '+14155550121:Sequence step']);
    const scheduled = creates.find((r) => r.form.Body === 'Scheduled')!;
    const step = creates.find((r) => r.form.Body === 'Sequence step')!;
    // Sent when due, not before (server time = real time + offset).
    expect(scheduled.receivedAt + offset).toBeGreaterThanOrEqual(Date.parse(sendAt));
    expect(step.receivedAt + offset).toBeGreaterThanOrEqual(Date.parse(enrolled.nextStep.dueAt));
    const items = (await call(t.app, org.apiKey, 'GET', `/api/v1/sequences/${sequence.id}/enrollments`)).json().items;
    expect(items.map((e: { status: string }) => e.status)).toEqual(['completed', 'stopped_opted_out']);
  });
});
