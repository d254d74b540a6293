import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { addUserWithKey, call, createTestApp, signUpOrganization, turnOffOptOutNotice, type Organization, type TestApp } from '../support/test-app.js';

describe.each(DIALECTS)('the send gate (%s)', (dialect) => {
  let t: TestApp;
  let org: Organization;
  let contactId: string;
  beforeEach(async () => {
    t = await createTestApp(dialect);
    org = await signUpOrganization(t.app);
    // These tests compare exact bodies; the notice on first texts has its own tests (opt-out-notice.test.ts).
    await turnOffOptOutNotice(t.app, org);
    const contact = await call(t.app, org.apiKey, 'POST', '/api/v1/contacts', { name: 'Ana Lead', phone: '415-555-0111', email: 'ana@example.com', notes: 'Met at the fair', tags: ['solar', 'hot'] });
    expect(contact.statusCode).toBe(201);
    contactId = contact.json().id;
  });
  afterEach(() => t.close());

  it('sends to an allowed contact and refuses texts and calls after STOP, keeping the contact and history', async () => {
    const sent = await call(t.app, org.apiKey, 'POST', `/api/v1/contacts/${contactId}/messages`, { body: 'Hi Ana, your quote is ready.' });
    expect(sent.statusCode).toBe(201);
    expect(sent.json().message).toMatchObject({ status: 'queued', to: '+14155550111', direction: 'outbound' });
    await t.runtime.dispatcher.runOnce();
    expect((await call(t.app, org.apiKey, 'GET', `/api/v1/messages/${sent.json().message.id}`)).json().status).toBe('sent');

    await call(t.app, org.apiKey, 'POST', '/api/v1/messages/inbound', { from: '+14155550111', body: 'STOP' });

    const text = await call(t.app, org.apiKey, 'POST', `/api/v1/contacts/${contactId}/messages`, { body: 'One more thing' });
    expect(text.statusCode).toBe(409);
    expect(text.json().error.code).toBe('contact_opted_out');
    expect(text.json().error.message).toMatch(/opted out/);
    const byNumber = await call(t.app, org.apiKey, 'POST', '/api/v1/messages', { to: '(415) 555-0111', body: 'Hello?' });
    expect(byNumber.statusCode).toBe(409);
    expect(byNumber.json().error.code).toBe('contact_opted_out');
    const phoneCall = await call(t.app, org.apiKey, 'POST', `/api/v1/contacts/${contactId}/calls`, { voiceMessage: 'Your quote is ready.' });
    expect(phoneCall.statusCode).toBe(409);
    expect(phoneCall.json().error.code).toBe('contact_opted_out');

    const contact = (await call(t.app, org.apiKey, 'GET', `/api/v1/contacts/${contactId}`)).json();
    expect(contact).toMatchObject({ name: 'Ana Lead', email: 'ana@example.com', notes: 'Met at the fair', tags: ['solar', 'hot'], optedOut: true });
    const conversation = (await call(t.app, org.apiKey, 'GET', `/api/v1/contacts/${contactId}/conversation`)).json().items;
    expect(conversation.length).toBeGreaterThanOrEqual(4);
  });

  it('cancels scheduled and queued messages and calls when the number opts out, and never sends them', async () => {
    const later = new Date(Date.now() + 60 * 60 * 1000).toISOString();
    const scheduled = (await call(t.app, org.apiKey, 'POST', `/api/v1/contacts/${contactId}/messages`, { body: 'Reminder', sendAt: later })).json().message;
    expect(scheduled).toMatchObject({ status: 'scheduled', sendAt: later });
    const queued = (await call(t.app, org.apiKey, 'POST', `/api/v1/contacts/${contactId}/messages`, { body: 'Now' })).json().message;
    const queuedCall = (await call(t.app, org.apiKey, 'POST', `/api/v1/contacts/${contactId}/calls`, { voiceMessage: 'Your quote is ready.' })).json().call;
    expect(queuedCall.status).toBe('queued');

    await call(t.app, org.apiKey, 'POST', '/api/v1/messages/inbound', { from: '+14155550111', body: 'stop' });
    expect((await call(t.app, org.apiKey, 'GET', `/api/v1/messages/${scheduled.id}`)).json().status).toBe('canceled');
    expect((await call(t.app, org.apiKey, 'GET', `/api/v1/messages/${queued.id}`)).json().status).toBe('canceled');
    expect((await call(t.app, org.apiKey, 'GET', `/api/v1/calls/${queuedCall.id}`)).json().status).toBe('canceled');

    await t.runtime.dispatcher.runOnce();
    // Only the opt-out confirmation goes out.
    expect(t.deliveries.map((d) => (d.kind === 'text' ? d.body : 'call'))).toEqual([expect.stringMatching(/unsubscribed/i)]);
  });

  it('sends a scheduled message when it is due', async () => {
    const soon = new Date(Date.now() + 300).toISOString();
    const scheduled = (await call(t.app, org.apiKey, 'POST', `/api/v1/contacts/${contactId}/messages`, { body: 'Due soon', sendAt: soon })).json().message;
    await t.runtime.dispatcher.runOnce();
    expect(t.deliveries).toHaveLength(0);
    await new Promise((resolve) => setTimeout(resolve, 400));
    await t.runtime.dispatcher.runOnce();
    expect(t.deliveries).toEqual([expect.objectContaining({ kind: 'text', body: 'Due soon', messageId: scheduled.id })]);
  });

  it('re-checks consent right before the provider call: a message queued before an opt-out that slipped past cancellation is not sent', async () => {
    const queued = (await call(t.app, org.apiKey, 'POST', `/api/v1/contacts/${contactId}/messages`, { body: 'Now' })).json().message;
    // Mark the number opted out without the cancellation, as a racing instance might leave it.
    await t.runtime.deps.db.updateTable('phone_consent').set({ opted_out: 1, source: 'manual', changed_at: new Date().toISOString() }).where('phone', '=', '+14155550111').execute();
    await t.runtime.dispatcher.runOnce();
    expect(t.deliveries).toHaveLength(0);
    expect((await call(t.app, org.apiKey, 'GET', `/api/v1/messages/${queued.id}`)).json().status).toBe('canceled');
  });

  it('suppresses a bare number that has no contact, and a number whose contact is gone', async () => {
    const optOut = await call(t.app, org.apiKey, 'POST', '/api/v1/opt-outs', { phone: '415.555.0199', reason: 'Asked by phone' });
    expect(optOut.statusCode).toBe(201);
    expect(optOut.json()).toMatchObject({ phone: '+14155550199', contact: null, source: 'api', reason: 'Asked by phone' });
    const send = await call(t.app, org.apiKey, 'POST', '/api/v1/messages', { to: '+14155550199', body: 'hi' });
    expect(send.statusCode).toBe(409);

    await call(t.app, org.apiKey, 'POST', `/api/v1/contacts/${contactId}/opt-out`, { reason: 'Asked in person' });
    await t.runtime.deps.db.updateTable('contacts').set({ deleted_at: new Date().toISOString() }).where('id', '=', contactId).execute();
    const again = await call(t.app, org.apiKey, 'POST', '/api/v1/messages', { to: '+14155550111', body: 'hi' });
    expect(again.statusCode).toBe(409);
  });

  it('opts a contact out manually with a reason, and only an admin with attestation and note can opt back in', async () => {
    const out = await call(t.app, org.apiKey, 'POST', `/api/v1/contacts/${contactId}/opt-out`, { reason: 'Asked on a call' });
    expect(out.statusCode).toBe(200);
    expect(out.json()).toMatchObject({ optedOut: true, optOut: { source: 'manual', reason: 'Asked on a call' } });

    const agent = await addUserWithKey(t.app, org, 'agent');
    const byAgent = await call(t.app, agent.apiKey, 'POST', `/api/v1/contacts/${contactId}/opt-in`, { attestation: 'contact_requested', note: 'Asked' });
    expect(byAgent.statusCode).toBe(403);
    expect(byAgent.json().error.code).toBe('forbidden');

    const noAttestation = await call(t.app, org.apiKey, 'POST', `/api/v1/contacts/${contactId}/opt-in`, { note: 'Asked' });
    expect(noAttestation.statusCode).toBe(400);
    const noNote = await call(t.app, org.apiKey, 'POST', `/api/v1/contacts/${contactId}/opt-in`, { attestation: 'contact_requested', note: '  ' });
    expect(noNote.statusCode).toBe(400);
    const wrongAttestation = await call(t.app, org.apiKey, 'POST', `/api/v1/contacts/${contactId}/opt-in`, { attestation: 'yes', note: 'x' });
    expect(wrongAttestation.statusCode).toBe(400);

    const optIn = await call(t.app, org.apiKey, 'POST', `/api/v1/contacts/${contactId}/opt-in`, { attestation: 'contact_requested', note: 'Called us on 12 Nov asking to get quotes again' });
    expect(optIn.statusCode).toBe(200);
    expect(optIn.json()).toMatchObject({ optedOut: false, optOut: null });
    const events = (await call(t.app, org.apiKey, 'GET', `/api/v1/contacts/${contactId}/consent-events`)).json().items;
    expect(events.map((e: { type: string }) => e.type)).toEqual(['opted_out', 'opted_in']);
    expect(events[1]).toMatchObject({ source: 'manual', actorUserId: org.userId, note: 'Called us on 12 Nov asking to get quotes again', attestation: 'contact_requested' });
    expect(events[1].prevHash).toBe(events[0].hash);
    expect((await call(t.app, org.apiKey, 'POST', `/api/v1/contacts/${contactId}/messages`, { body: 'Welcome back' })).statusCode).toBe(201);
  });
});
