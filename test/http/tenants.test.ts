import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { call, createTestApp, signUpOrganization, type Organization, type TestApp } from '../support/test-app.js';

describe.each(DIALECTS)('tenant isolation (%s)', (dialect) => {
  let t: TestApp;
  let a: Organization;
  let b: Organization;
  let contactId: string;
  let messageId: string;
  let callId: string;
  let keyId: string;
  let sequenceId: string;
  let reviewId: string;
  let bContactId: string;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    a = await signUpOrganization(t.app, 'Org A');
    b = await signUpOrganization(t.app, 'Org B');
    contactId = (await call(t.app, a.apiKey, 'POST', '/api/v1/contacts', { name: 'Secret Lead', phone: '+14155550150', email: 'secret@a.example' })).json().id;
    messageId = (await call(t.app, a.apiKey, 'POST', `/api/v1/contacts/${contactId}/messages`, { body: 'hello' })).json().message.id;
    callId = (await call(t.app, a.apiKey, 'POST', `/api/v1/contacts/${contactId}/calls`, { voiceMessage: 'Your quote is ready.' })).json().call.id;
    keyId = (await call(t.app, a.apiKey, 'POST', '/api/v1/api-keys', { name: 'A key' })).json().id;
    sequenceId = (await call(t.app, a.apiKey, 'POST', '/api/v1/sequences', { name: 'A nurture', steps: [{ type: 'sms', body: 'Hi', delayMinutes: 0 }] })).json().id;
    await call(t.app, a.apiKey, 'POST', '/api/v1/messages/inbound', { from: '+14155550151', body: 'not interested' });
    reviewId = (await call(t.app, a.apiKey, 'GET', '/api/v1/review-queue')).json().items[0].id;
    bContactId = (await call(t.app, b.apiKey, 'POST', '/api/v1/contacts', { name: 'B Lead', phone: '+14155550152' })).json().id;
  });
  afterAll(() => t.close());

  it('answers 404 to another organization for every endpoint that takes an id, and changes nothing', async () => {
    const attempts: [string, string, unknown?][] = [
      ['GET', `/api/v1/contacts/${contactId}`],
      ['PATCH', `/api/v1/contacts/${contactId}`, { name: 'Hijacked' }],
      ['POST', `/api/v1/contacts/${contactId}/messages`, { body: 'spam' }],
      ['POST', `/api/v1/contacts/${contactId}/calls`, {}],
      ['GET', `/api/v1/contacts/${contactId}/conversation`],
      ['GET', `/api/v1/contacts/${contactId}/consent-events`],
      ['POST', `/api/v1/contacts/${contactId}/opt-out`, { reason: 'x' }],
      ['POST', `/api/v1/contacts/${contactId}/opt-in`, { attestation: 'contact_requested', note: 'x' }],
      ['GET', `/api/v1/messages/${messageId}`],
      ['GET', `/api/v1/calls/${callId}`],
      ['POST', `/api/v1/calls/${callId}/opt-out`, {}],
      ['DELETE', `/api/v1/api-keys/${keyId}`],
      ['GET', `/api/v1/contacts/${contactId}/consent-report`],
      ['GET', `/api/v1/sequences/${sequenceId}`],
      ['GET', `/api/v1/sequences/${sequenceId}/enrollments`],
      ['POST', `/api/v1/sequences/${sequenceId}/enrollments`, { contactId: bContactId }],
      ['POST', `/api/v1/review-queue/${reviewId}`, { decision: 'opt_out', note: 'hijack' }],
    ];
    for (const [method, url, payload] of attempts) {
      const response = await call(t.app, b.apiKey, method as 'GET', url, payload);
      expect(response.statusCode, `${method} ${url}`).toBe(404);
      expect(response.json().error.code).toBe('not_found');
    }
    const contact = (await call(t.app, a.apiKey, 'GET', `/api/v1/contacts/${contactId}`)).json();
    expect(contact).toMatchObject({ name: 'Secret Lead', optedOut: false });
    expect((await call(t.app, a.apiKey, 'GET', `/api/v1/contacts/${contactId}/consent-events`)).json().items).toEqual([]);
    const keys = (await call(t.app, a.apiKey, 'GET', '/api/v1/api-keys')).json().items;
    expect(keys.find((k: { id: string }) => k.id === keyId).revokedAt).toBeNull();
    expect((await call(t.app, a.apiKey, 'GET', '/api/v1/review-queue')).json().items.map((i: { id: string }) => i.id)).toEqual([reviewId]);
    expect((await call(t.app, a.apiKey, 'GET', `/api/v1/sequences/${sequenceId}/enrollments`)).json().items).toEqual([]);
    // B's own sequence cannot take A's contact either.
    const bSequence = (await call(t.app, b.apiKey, 'POST', '/api/v1/sequences', { name: 'B seq', steps: [{ type: 'call', delayMinutes: 5 }] })).json().id;
    expect((await call(t.app, b.apiKey, 'POST', `/api/v1/sequences/${bSequence}/enrollments`, { contactId })).statusCode).toBe(404);
    expect((await call(t.app, b.apiKey, 'GET', '/api/v1/review-queue')).json().items).toEqual([]);
    expect((await call(t.app, b.apiKey, 'GET', '/api/v1/sequences')).json().items.map((q: { id: string }) => q.id)).toEqual([bSequence]);
  });

  it('keeps lists, searches, checks and opt-outs per organization', async () => {
    await call(t.app, a.apiKey, 'POST', '/api/v1/messages/inbound', { from: '+14155550150', body: 'STOP' });
    expect((await call(t.app, b.apiKey, 'GET', '/api/v1/contacts?search=secret')).json().items).toEqual([]);
    expect((await call(t.app, b.apiKey, 'GET', '/api/v1/opt-outs')).json().items).toEqual([]);
    expect((await call(t.app, b.apiKey, 'POST', '/api/v1/opt-outs/check', { phones: ['+14155550150'] })).json().optedOut).toEqual([]);
    expect((await call(t.app, b.apiKey, 'GET', '/api/v1/opt-outs/export')).body.trim().split('\n')).toHaveLength(1);
    // B may text the same number: the opt-out was given to A.
    expect((await call(t.app, b.apiKey, 'POST', '/api/v1/messages', { to: '+14155550150', body: 'Hi from B' })).statusCode).toBe(201);
    expect((await call(t.app, a.apiKey, 'POST', '/api/v1/messages', { to: '+14155550150', body: 'Hi from A' })).statusCode).toBe(409);
    expect((await call(t.app, b.apiKey, 'GET', '/api/v1/consent-ledger/verify')).json()).toEqual({ ok: true, checked: 0, firstBrokenEventId: null });
  });

  it('lets a sender number belong to one organization only', async () => {
    expect((await call(t.app, a.apiKey, 'POST', '/api/v1/numbers', { phoneNumber: '+14155550000', provider: 'console' })).statusCode).toBe(201);
    const taken = await call(t.app, b.apiKey, 'POST', '/api/v1/numbers', { phoneNumber: '(415) 555-0000', provider: 'console' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.code).toBe('conflict');
  });
});
