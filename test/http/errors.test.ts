import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { call, createTestApp, signUpOrganization, type Organization, type TestApp } from '../support/test-app.js';

describe.each(DIALECTS)('errors in the contract shape (%s)', (dialect) => {
  let t: TestApp;
  let org: Organization;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    org = await signUpOrganization(t.app);
  });
  afterAll(() => t.close());

  const auth = () => ({ authorization: `Bearer ${org.apiKey}`, 'content-type': 'application/json' });

  it('answers unknown routes with 404 not_found', async () => {
    const response = await call(t.app, org.apiKey, 'GET', '/api/v1/nope');
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
  });

  it('names the field a schema violation is about', async () => {
    const missing = await call(t.app, org.apiKey, 'POST', '/api/v1/contacts', { name: 'No phone' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error).toMatchObject({ code: 'invalid_request', field: 'phone' });
    const wrongType = await call(t.app, org.apiKey, 'POST', '/api/v1/opt-outs/check', { phones: 'not-a-list' });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().error.message).toMatch(/phones/);
  });

  it('rejects malformed JSON with 400 and bodies over 1 MB with 413', async () => {
    const malformed = await t.app.inject({ method: 'POST', url: '/api/v1/contacts', headers: auth(), payload: '{"phone": ' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('invalid_request');
    const huge = await t.app.inject({ method: 'POST', url: '/api/v1/contacts', headers: auth(), payload: JSON.stringify({ phone: '+14155550100', notes: 'x'.repeat(1_100_000) }) });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.code).toBe('payload_too_large');
  });

  it('gives 404 for ids that do not exist, and 409 conflict for a duplicate contact phone', async () => {
    for (const url of ['/api/v1/contacts/does-not-exist', '/api/v1/messages/does-not-exist', '/api/v1/contacts/does-not-exist/conversation']) {
      const response = await call(t.app, org.apiKey, 'GET', url);
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe('not_found');
    }
    expect((await call(t.app, org.apiKey, 'POST', '/api/v1/contacts', { phone: '+14155550177' })).statusCode).toBe(201);
    const duplicate = await call(t.app, org.apiKey, 'POST', '/api/v1/contacts', { phone: '(415) 555-0177' });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().error.code).toBe('conflict');
  });

  it('never leaks a stack trace', async () => {
    const response = await call(t.app, org.apiKey, 'POST', '/api/v1/contacts', { phone: { $gt: '' } });
    expect(response.statusCode).toBe(400);
    expect(response.body).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  it('serves health and the API docs', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const spec = await t.app.inject({ method: 'GET', url: '/docs/json' });
    expect(spec.statusCode).toBe(200);
    const paths = Object.keys(spec.json().paths);
    expect(paths).toEqual(expect.arrayContaining(['/api/v1/messages/inbound', '/api/v1/opt-outs', '/api/v1/contacts/{id}/opt-in']));
    expect(spec.json().paths['/api/v1/contacts'].post.requestBody.content['application/json'].schema.required).toContain('phone');
    expect((await t.app.inject({ method: 'GET', url: '/docs' })).statusCode).toBeLessThan(400);
  });

  it('sends security headers on every answer', async () => {
    for (const url of ['/healthz', '/api/v1/contacts', '/api/v1/nope']) {
      const response = await call(t.app, org.apiKey, 'GET', url);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['content-security-policy']).toMatch(/default-src 'self'.*frame-ancestors 'none'/);
      expect(response.headers['referrer-policy']).toBe('no-referrer');
      expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    }
  });
});
