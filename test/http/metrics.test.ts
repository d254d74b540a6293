import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { call, createTestApp, signUpOrganization, type TestApp } from '../support/test-app.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

/** The value of one sample of a scrape, its labels matched in any order; undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) return Number(match[3]);
  }
  return undefined;
}

describe.each(DIALECTS)('GET /metrics for operators (%s)', (dialect) => {
  let t: TestApp;
  let receiver: WebhookReceiver | null = null;
  afterEach(async () => {
    await t.close();
    await receiver?.close();
  });

  it('counts opt-outs by source, refused sends, requests by route, commits, the due queue and webhook outcomes', async () => {
    t = await createTestApp(dialect, { webhookAllowPrivate: true });
    const org = await signUpOrganization(t.app);
    receiver = await startWebhookReceiver();
    receiver.answers.push(500);
    expect((await call(t.app, org.apiKey, 'POST', '/api/v1/webhook-endpoints', { url: receiver.url })).statusCode).toBe(201);

    await call(t.app, org.apiKey, 'POST', '/api/v1/messages/inbound', { from: '+14155550501', body: 'STOP' });
    await call(t.app, org.apiKey, 'POST', '/api/v1/messages/inbound', { from: '+14155550502', body: 'please stop texting me' });
    await call(t.app, org.apiKey, 'POST', '/api/v1/opt-outs', { phone: '+14155550503' });
    expect((await call(t.app, org.apiKey, 'POST', '/api/v1/messages', { to: '+14155550501', body: 'Hello?' })).statusCode).toBe(409);
    expect((await call(t.app, org.apiKey, 'POST', '/api/v1/messages', { to: '+14155550509', body: 'Your quote' })).statusCode).toBe(201);
    await t.runtime.webhookWorker.runOnce();

    const scrape = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(scrape.statusCode).toBe(200);
    expect(scrape.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = scrape.body;
    expect(sample(text, 'optout_consent_changes_total', { type: 'opted_out', source: 'keyword' })).toBe(1);
    expect(sample(text, 'optout_consent_changes_total', { type: 'opted_out', source: 'phrase' })).toBe(1);
    expect(sample(text, 'optout_consent_changes_total', { type: 'opted_out', source: 'api' })).toBe(1);
    expect(sample(text, 'optout_sends_refused_total', { stage: 'request' })).toBe(1);
    expect(sample(text, 'optout_http_request_duration_seconds_count', { method: 'POST', route: '/api/v1/messages/inbound', status: '200' })).toBe(2);
    expect(sample(text, 'optout_http_request_duration_seconds_count', { method: 'POST', route: '/api/v1/messages', status: '409' })).toBe(1);
    expect(sample(text, 'optout_group_commit_batch_size_count')).toBeGreaterThanOrEqual(4);
    // The reply texts (confirmations) and the quote wait for the dispatcher, which is not running here.
    expect(sample(text, 'optout_dispatch_queue_depth')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'optout_dispatch_oldest_due_seconds')).toBeGreaterThanOrEqual(0);
    // Three opt-outs to one endpoint: the first attempt of each answered 500 or went later in order.
    expect(sample(text, 'optout_webhook_deliveries_total', { outcome: 'retried' })).toBe(1);
    expect(sample(text, 'optout_webhook_deliveries_total', { outcome: 'succeeded' })).toBe(2);
    expect(sample(text, 'optout_webhook_deliveries_total', { outcome: 'failed' })).toBe(0);
    expect(sample(text, 'optout_webhook_pending')).toBe(1);
    expect(sample(text, 'process_cpu_seconds_total')).toBeGreaterThan(0);
    if (dialect === 'postgres') expect(sample(text, 'optout_db_pool_connections', { state: 'total' })).toBeGreaterThanOrEqual(1);
  });

  it('asks for METRICS_TOKEN when one is set', async () => {
    t = await createTestApp(dialect, { metricsToken: 'scrape-secret' });
    expect((await t.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer wrong' } })).statusCode).toBe(401);
    const ok = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer scrape-secret' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('optout_consent_changes_total');
  });
});
