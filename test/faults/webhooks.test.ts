import { afterEach, describe, expect, it } from 'vitest';
import { createFaultDatabase, type FaultDatabase } from './support/databases.js';
import { api, freePort, signUp, startServer, type ServerProcess } from './support/server-process.js';
import { startWebhookReceiver, verifyWebhookSignature, type WebhookReceiver } from '../support/webhook-receiver.js';

/**
 * The outbox survives a crash: a STOP is acknowledged while the receiver is
 * down, the server is killed with SIGKILL before it could deliver, and the
 * webhook arrives — signed, once per event id — from the restarted server.
 */
describe.each(['sqlite', 'postgres'] as const)('an acknowledged STOP\'s webhook survives kill -9 (%s)', (dialect) => {
  let database: FaultDatabase | null = null;
  let server: ServerProcess | null = null;
  let receiver: WebhookReceiver | null = null;
  afterEach(async () => {
    if (server && server.child.exitCode === null) await server.kill9();
    await receiver?.close();
    await database?.drop();
  });

  it('kill -9 after the STOP was acknowledged and before delivery, then restart: the webhook arrives', async () => {
    database = await createFaultDatabase(dialect);
    const env = { DATABASE_URL: database.url, WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_RETRY_BASE_MS: '200' };
    server = await startServer(env);
    const apiKey = await signUp(server.url);
    // The receiver's port is chosen, but nothing listens there yet: every attempt before the crash is refused.
    const receiverPort = await freePort();
    const endpoint = await api(server.url, apiKey, 'POST', '/api/v1/webhook-endpoints', { url: `http://127.0.0.1:${receiverPort}/hooks` });
    expect(endpoint.status).toBe(201);

    const stops = await Promise.all(['+14155550401', '+14155550402', '+14155550403'].map((from) => api(server!.url, apiKey, 'POST', '/api/v1/messages/inbound', { from, body: 'STOP' })));
    expect(stops.map((stop) => stop.json.action)).toEqual(['opted_out', 'opted_out', 'opted_out']);
    await server.kill9();

    receiver = await startWebhookReceiver(receiverPort);
    server = await startServer(env);
    const hooks = await receiver.waitFor(3, 60_000);
    const byPhone = new Map(hooks.map((hook) => [hook.json.data.phone as string, hook]));
    expect([...byPhone.keys()].sort()).toEqual(['+14155550401', '+14155550402', '+14155550403']);
    for (const hook of hooks) {
      expect(verifyWebhookSignature(endpoint.json.secret, hook.headers['x-salespartner-signature'], hook.body).ok).toBe(true);
      expect(hook.json).toMatchObject({ type: 'consent.opted_out', data: { source: 'keyword', keyword: 'STOP', actor: { type: 'contact' } } });
    }
    const contactId = stops[0]!.json.contact.id;
    expect(byPhone.get('+14155550401')!.json.data.contactId).toBe(contactId);

    // The receiver's answer is recorded a moment after it arrived.
    const listed = async () => (await api(server!.url, apiKey, 'GET', `/api/v1/webhook-endpoints/${endpoint.json.id}/deliveries`)).json.items as { status: string; responseStatus: number }[];
    await expect.poll(async () => (await listed()).map((d) => `${d.status} ${d.responseStatus}`), { timeout: 10_000 }).toEqual(['succeeded 200', 'succeeded 200', 'succeeded 200']);
  });
});
