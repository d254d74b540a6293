import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { addUserWithKey, call, createTestApp, signUpOrganization, type Organization, type TestApp } from '../support/test-app.js';
import { startWebhookReceiver, verifyWebhookSignature, type ReceivedWebhook, type WebhookReceiver } from '../support/webhook-receiver.js';

describe.each(DIALECTS)('outbound webhooks (%s)', (dialect) => {
  let t: TestApp;
  let org: Organization;
  let receiver: WebhookReceiver;
  let now: Date | null = null;
  beforeEach(async () => {
    now = null;
    t = await createTestApp(dialect, { webhookAllowPrivate: true, webhookRetryBaseMs: 20, clock: () => now ?? new Date() });
    org = await signUpOrganization(t.app, 'Acme Solar');
    receiver = await startWebhookReceiver();
  });
  afterEach(async () => {
    await t.close();
    await receiver.close();
  });

  const register = async (body: object = {}) => {
    const created = await call(t.app, org.apiKey, 'POST', '/api/v1/webhook-endpoints', { url: receiver.url, ...body });
    expect(created.statusCode, created.body).toBe(201);
    return created.json() as { id: string; secret: string; events: string[] };
  };
  const inbound = (from: string, body: string) => call(t.app, org.apiKey, 'POST', '/api/v1/messages/inbound', { from, body }).then((r) => r.json());
  const deliveries = async (endpointId: string) => (await call(t.app, org.apiKey, 'GET', `/api/v1/webhook-endpoints/${endpointId}/deliveries`)).json().items;
  const expectSigned = (secret: string, hook: ReceivedWebhook) => {
    expect(verifyWebhookSignature(secret, hook.headers['x-salespartner-signature'], hook.body).ok, hook.body).toBe(true);
    expect(hook.headers['x-salespartner-event-id']).toBe(hook.json.id);
  };

  it('shows the secret once, lists endpoints without it, and lets only owners and admins manage them', async () => {
    const created = await register({ description: 'CRM sync' });
    expect(created).toMatchObject({ id: expect.any(String), url: receiver.url, enabled: true, events: ['consent.opted_out', 'consent.opted_in', 'review.created', 'review.decided'], secret: expect.stringMatching(/^whsec_[A-Za-z0-9_-]{32}$/), createdAt: expect.any(String) });
    const listed = (await call(t.app, org.apiKey, 'GET', '/api/v1/webhook-endpoints')).json();
    expect(listed.items).toEqual([expect.objectContaining({ id: created.id, url: receiver.url, description: 'CRM sync' })]);
    expect(JSON.stringify(listed)).not.toContain(created.secret);
    // Stored encrypted: the secret appears in no column of the endpoint's row.
    const row = await t.runtime.deps.db.selectFrom('webhook_endpoints').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(created.secret.slice(6));

    const agent = await addUserWithKey(t.app, org, 'agent');
    expect((await call(t.app, agent.apiKey, 'POST', '/api/v1/webhook-endpoints', { url: receiver.url })).statusCode).toBe(403);
    expect((await call(t.app, agent.apiKey, 'GET', '/api/v1/webhook-endpoints')).statusCode).toBe(403);
    expect((await call(t.app, agent.apiKey, 'DELETE', `/api/v1/webhook-endpoints/${created.id}`)).statusCode).toBe(403);
    const admin = await addUserWithKey(t.app, org, 'admin');
    expect((await call(t.app, admin.apiKey, 'GET', `/api/v1/webhook-endpoints/${created.id}/deliveries`)).statusCode).toBe(200);

    const other = await signUpOrganization(t.app, 'Other Org');
    expect((await call(t.app, other.apiKey, 'GET', `/api/v1/webhook-endpoints/${created.id}/deliveries`)).statusCode).toBe(404);
    expect((await call(t.app, other.apiKey, 'DELETE', `/api/v1/webhook-endpoints/${created.id}`)).statusCode).toBe(404);

    expect((await call(t.app, org.apiKey, 'POST', '/api/v1/webhook-endpoints', { url: receiver.url, events: ['consent.deleted'] })).statusCode).toBe(400);
    expect((await call(t.app, org.apiKey, 'DELETE', `/api/v1/webhook-endpoints/${created.id}`)).statusCode).toBe(204);
    expect((await call(t.app, org.apiKey, 'GET', '/api/v1/webhook-endpoints')).json().items).toEqual([]);
    expect((await call(t.app, org.apiKey, 'DELETE', `/api/v1/webhook-endpoints/${created.id}`)).statusCode).toBe(404);
  });

  it('reports opt-outs by every route, opt-ins and reviews, each signed, in order per number', async () => {
    const endpoint = await register();
    const filtered = await register({ events: ['consent.opted_in'] });

    const stop = await inbound('+14155550301', 'STOP');
    await inbound('+14155550302', 'please stop texting me');
    const contact = (await call(t.app, org.apiKey, 'POST', '/api/v1/contacts', { name: 'Maria', phone: '+14155550303' })).json();
    await call(t.app, org.apiKey, 'POST', `/api/v1/contacts/${contact.id}/opt-out`, { reason: 'Asked on the phone' });
    await call(t.app, org.apiKey, 'POST', '/api/v1/opt-outs', { phone: '+14155550304' });
    await t.app.inject({ method: 'POST', url: '/api/v1/opt-outs/import', headers: { authorization: `Bearer ${org.apiKey}`, 'content-type': 'text/csv' }, payload: 'phone,reason\n+14155550305,Old list\n' });
    await inbound('+14155550306', 'not interested');
    const item = (await call(t.app, org.apiKey, 'GET', '/api/v1/review-queue')).json().items[0];
    await call(t.app, org.apiKey, 'POST', `/api/v1/review-queue/${item.id}`, { decision: 'opt_out', note: 'Fed up' });
    await inbound('+14155550301', 'START');
    await call(t.app, org.apiKey, 'POST', `/api/v1/contacts/${contact.id}/opt-in`, { attestation: 'contact_requested', note: 'Called us' });

    await t.runtime.webhookWorker.runOnce();
    const hooks = await receiver.waitFor(12);
    await new Promise((r) => setTimeout(r, 100));
    expect(receiver.received).toHaveLength(12);

    const secrets = new Map([[endpoint.id, endpoint.secret], [filtered.id, filtered.secret]]);
    const toMain = hooks.filter((hook) => verifyWebhookSignature(endpoint.secret, hook.headers['x-salespartner-signature'], hook.body).ok);
    const toFiltered = hooks.filter((hook) => verifyWebhookSignature(filtered.secret, hook.headers['x-salespartner-signature'], hook.body).ok);
    expect(toMain.length + toFiltered.length).toBe(12);
    for (const hook of toMain) expectSigned(secrets.get(endpoint.id)!, hook);
    expect(toFiltered.map((hook) => hook.json.type)).toEqual(['consent.opted_in', 'consent.opted_in']);

    const summary = toMain.map((hook) => `${hook.json.type} ${hook.json.data.phone} ${hook.json.data.source}`);
    expect(summary.sort()).toEqual([
      'consent.opted_in +14155550301 keyword',
      'consent.opted_in +14155550303 manual',
      'consent.opted_out +14155550301 keyword',
      'consent.opted_out +14155550302 phrase',
      'consent.opted_out +14155550303 manual',
      'consent.opted_out +14155550304 api',
      'consent.opted_out +14155550305 import',
      'consent.opted_out +14155550306 phrase',
      'review.created +14155550306 phrase',
      'review.decided +14155550306 phrase',
    ]);
    const byPhone = (phone: string) => toMain.filter((hook) => hook.json.data.phone === phone).map((hook) => hook.json.type);
    expect(byPhone('+14155550301')).toEqual(['consent.opted_out', 'consent.opted_in']);
    expect(byPhone('+14155550303')).toEqual(['consent.opted_out', 'consent.opted_in']);
    expect(byPhone('+14155550306')).toEqual(['review.created', 'consent.opted_out', 'review.decided']);

    const first = toMain.find((hook) => hook.json.data.phone === '+14155550301')!;
    const events = (await call(t.app, org.apiKey, 'GET', `/api/v1/contacts/${stop.contact.id}/consent-events`)).json().items;
    expect(first.json).toEqual({
      id: expect.any(String),
      type: 'consent.opted_out',
      createdAt: events.find((e: { type: string }) => e.type === 'opted_out').createdAt,
      organizationId: org.organizationId,
      data: { phone: '+14155550301', contactId: stop.contact.id, source: 'keyword', keyword: 'STOP', rule: null, reason: 'Replied "STOP"', actor: { type: 'contact' }, consentEventId: events.find((e: { type: string }) => e.type === 'opted_out').id },
    });
    const manual = toMain.find((hook) => hook.json.data.source === 'manual' && hook.json.type === 'consent.opted_out')!;
    expect(manual.json.data).toMatchObject({ contactId: contact.id, reason: 'Asked on the phone', actor: { type: 'user', id: org.userId } });
    const decided = toMain.find((hook) => hook.json.type === 'review.decided')!;
    expect(decided.json.data).toMatchObject({ reviewItemId: item.id, decision: 'opt_out', note: 'Fed up', actor: { type: 'user', id: org.userId }, consentEventId: expect.any(String) });

    const listed = await deliveries(endpoint.id);
    expect(listed).toHaveLength(10);
    expect(listed.every((d: { status: string; attempt: number; responseStatus: number }) => d.status === 'succeeded' && d.attempt === 1 && d.responseStatus === 200)).toBe(true);
  });

  it('retries a delivery that failed twice with the same event id, then succeeds', async () => {
    const endpoint = await register();
    receiver.answers.push(500, 503);
    await inbound('+14155550311', 'STOP');
    t.runtime.webhookWorker.start();
    const hooks = await receiver.waitFor(3);
    expect(hooks.map((hook) => hook.answered)).toEqual([500, 503, 200]);
    expect(new Set(hooks.map((hook) => hook.json.id)).size).toBe(1);
    expect(new Set(hooks.map((hook) => hook.body)).size).toBe(1);
    for (const hook of hooks) expectSigned(endpoint.secret, hook);
    expect(hooks.map((hook) => hook.headers['x-salespartner-attempt'])).toEqual(['1', '2', '3']);
    // Backoff: each wait at least half the one before it doubled (base 20 ms: ≥10 ms, then ≥20 ms).
    expect(hooks[1]!.at - hooks[0]!.at).toBeGreaterThanOrEqual(10);
    expect(hooks[2]!.at - hooks[1]!.at).toBeGreaterThanOrEqual(20);
    await expect.poll(async () => (await deliveries(endpoint.id))[0]).toMatchObject({ status: 'succeeded', attempt: 3, responseStatus: 200, nextAttemptAt: null, eventType: 'consent.opted_out' });
  });

  it('keeps retrying for 24 hours, then marks the delivery failed; a person can retry it', async () => {
    const endpoint = await register();
    const start = Date.now();
    now = new Date(start);
    receiver.answers.push(...Array(50).fill(500));
    await inbound('+14155550321', 'STOP');
    await inbound('+14155550321', 'START');
    let hours = 0;
    for (; hours < 30; hours += 1) {
      await t.runtime.webhookWorker.runOnce();
      const [, optOut] = await deliveries(endpoint.id);
      if (optOut.status === 'failed') break;
      now = new Date(start + (hours + 1) * 3_600_000);
    }
    expect(hours).toBeGreaterThanOrEqual(24);
    const [optIn, optOut] = await deliveries(endpoint.id);
    expect(optOut).toMatchObject({ status: 'failed', responseStatus: 500, nextAttemptAt: null, error: expect.stringContaining('500') });
    expect(optOut.attempt).toBeGreaterThan(10);
    // The opt-in waited behind the opt-out of the same number and was never sent before it.
    expect(receiver.received.every((hook) => hook.json.type === 'consent.opted_out')).toBe(true);
    expect(optIn.status).toBe('pending');

    receiver.answers.length = 0;
    expect((await call(t.app, org.apiKey, 'POST', `/api/v1/webhook-endpoints/${endpoint.id}/deliveries/${optIn.eventId}/retry`)).statusCode).toBe(409);
    const retried = await call(t.app, org.apiKey, 'POST', `/api/v1/webhook-endpoints/${endpoint.id}/deliveries/${optOut.eventId}/retry`);
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toMatchObject({ status: 'pending', eventId: optOut.eventId });
    await t.runtime.webhookWorker.runOnce();
    const [optInAfter, optOutAfter] = await deliveries(endpoint.id);
    expect(optOutAfter).toMatchObject({ status: 'succeeded', responseStatus: 200 });
    expect(optInAfter).toMatchObject({ status: 'succeeded', responseStatus: 200 });
    expect(receiver.received.slice(-2).map((hook) => hook.json.type)).toEqual(['consent.opted_out', 'consent.opted_in']);
  });

  it('reports changes only: opting out an opted-out number sends nothing more', async () => {
    const endpoint = await register();
    // An opt-out of an opted-out number changes nothing, so it reports nothing.
    await inbound('+14155550331', 'STOP');
    await inbound('+14155550331', 'STOP');
    await call(t.app, org.apiKey, 'POST', '/api/v1/opt-outs', { phone: '+14155550331' });
    expect(await deliveries(endpoint.id)).toHaveLength(1);
  });
});

describe('outbound webhooks refuse private addresses unless allowed', () => {
  let t: TestApp;
  afterEach(() => t.close());

  it('refuses loopback, private, link-local, metadata and non-http URLs', async () => {
    t = await createTestApp('sqlite');
    const org = await signUpOrganization(t.app);
    for (const url of ['http://127.0.0.1:8080/hook', 'http://localhost/hook', 'http://10.1.2.3/', 'http://192.168.1.20/', 'http://172.20.0.1/', 'http://169.254.169.254/latest/meta-data', 'http://[::1]/', 'http://[fd00:ec2::254]/', 'http://[::ffff:127.0.0.1]/', 'http://0.0.0.0/', 'ftp://example.com/', 'file:///etc/passwd', 'http://user:pw@example.com/', 'not a url']) {
      const refused = await call(t.app, org.apiKey, 'POST', '/api/v1/webhook-endpoints', { url });
      expect(refused.statusCode, url).toBe(400);
      expect(refused.json().error.field, url).toBe('url');
    }
    expect((await call(t.app, org.apiKey, 'GET', '/api/v1/webhook-endpoints')).json().items).toEqual([]);
  });
});
