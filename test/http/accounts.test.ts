import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { addUserWithKey, call, createTestApp, signUpOrganization, type Organization, type TestApp } from '../support/test-app.js';

describe.each(DIALECTS)('accounts, sessions and keys (%s)', (dialect) => {
  let t: TestApp;
  let org: Organization;
  beforeEach(async () => {
    t = await createTestApp(dialect);
    org = await signUpOrganization(t.app, 'Acme Solar');
  });
  afterEach(() => t.close());

  it('signs up an organization with its owner and an API key that works', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/signup', payload: { organization: 'Beta Roofing', name: 'Bea', email: 'Bea@Beta.example', password: 'longenough' } });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({ organization: { name: 'Beta Roofing' }, user: { name: 'Bea', email: 'bea@beta.example', role: 'owner' } });
    expect(body.apiKey).toMatch(/^sp_/);
    expect((await call(t.app, body.apiKey, 'GET', '/api/v1/contacts')).statusCode).toBe(200);
    const duplicate = await t.app.inject({ method: 'POST', url: '/api/v1/signup', payload: { organization: 'X', name: 'Y', email: 'bea@beta.example', password: 'longenough' } });
    expect(duplicate.statusCode).toBe(409);
    const weak = await t.app.inject({ method: 'POST', url: '/api/v1/signup', payload: { organization: 'X', name: 'Y', email: 'z@z.example', password: 'short' } });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.field).toBe('password');
  });

  it('logs in with an HttpOnly SameSite cookie, needs the CSRF token for writes, and logs out', async () => {
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/login', payload: { email: org.email, password: 'wrong password' } });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().error.code).toBe('unauthorized');

    const login = await t.app.inject({ method: 'POST', url: '/api/v1/login', payload: { email: org.email, password: org.password } });
    expect(login.statusCode).toBe(200);
    const cookie = login.cookies.find((c) => c.name === 'sp_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie.secure).toBeFalsy();
    const { csrfToken } = login.json();

    const session = await t.app.inject({ method: 'GET', url: '/api/v1/session', cookies: { sp_session: cookie.value } });
    expect(session.json()).toMatchObject({ user: { email: org.email, role: 'owner' }, organization: { name: 'Acme Solar' }, csrfToken });

    const withoutToken = await t.app.inject({ method: 'POST', url: '/api/v1/contacts', cookies: { sp_session: cookie.value }, payload: { phone: '+14155550100' } });
    expect(withoutToken.statusCode).toBe(403);
    const withToken = await t.app.inject({ method: 'POST', url: '/api/v1/contacts', cookies: { sp_session: cookie.value }, headers: { 'x-csrf-token': csrfToken }, payload: { phone: '+14155550100' } });
    expect(withToken.statusCode).toBe(201);

    await t.app.inject({ method: 'POST', url: '/api/v1/logout', cookies: { sp_session: cookie.value } });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/contacts', cookies: { sp_session: cookie.value } })).statusCode).toBe(401);
  });

  it('marks the cookie Secure and asks browsers to keep to https (HSTS) when served over https', async () => {
    const secure = await (await import('../support/test-app.js')).createTestApp(dialect, { publicUrl: 'https://optout.example.com' });
    try {
      const owner = await signUpOrganization(secure.app);
      const login = await secure.app.inject({ method: 'POST', url: '/api/v1/login', payload: { email: owner.email, password: owner.password } });
      expect(login.cookies.find((c) => c.name === 'sp_session')!.secure).toBe(true);
      expect(login.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      // Served over plain http (the default test app), no HSTS: it would lock a local setup out.
      expect((await t.app.inject({ method: 'GET', url: '/healthz' })).headers['strict-transport-security']).toBeUndefined();
    } finally {
      await secure.close();
    }
  });

  it('requires authentication everywhere but signup and login', async () => {
    for (const [method, url] of [['GET', '/api/v1/contacts'], ['POST', '/api/v1/messages'], ['GET', '/api/v1/opt-outs'], ['GET', '/api/v1/settings/opt-out']] as const) {
      const response = await t.app.inject({ method, url });
      expect(response.statusCode).toBe(401);
      expect(response.json().error.code).toBe('unauthorized');
    }
    expect((await call(t.app, 'sp_not-a-key', 'GET', '/api/v1/contacts')).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/contacts', headers: { authorization: 'Basic abc' } })).statusCode).toBe(401);
  });

  it('lets owners add admins and agents, creates and revokes API keys, and keeps agents out of admin work', async () => {
    const admin = await addUserWithKey(t.app, org, 'admin');
    const agent = await addUserWithKey(t.app, org, 'agent');
    expect((await call(t.app, agent.apiKey, 'POST', '/api/v1/users', { name: 'X', email: 'x@x.example', password: 'longenough', role: 'agent' })).statusCode).toBe(403);
    expect((await call(t.app, agent.apiKey, 'POST', '/api/v1/api-keys', { name: 'mine' })).statusCode).toBe(403);
    expect((await call(t.app, agent.apiKey, 'PUT', '/api/v1/settings/opt-out', { optOutReply: 'x' })).statusCode).toBe(403);
    expect((await call(t.app, agent.apiKey, 'GET', '/api/v1/settings/opt-out')).statusCode).toBe(200);

    const created = await call(t.app, admin.apiKey, 'POST', '/api/v1/api-keys', { name: 'CRM sync' });
    expect(created.statusCode).toBe(201);
    const { id, key } = created.json();
    expect(key).toMatch(/^sp_/);
    expect((await call(t.app, key, 'GET', '/api/v1/contacts')).statusCode).toBe(200);
    const listed = (await call(t.app, org.apiKey, 'GET', '/api/v1/api-keys')).json().items;
    expect(JSON.stringify(listed)).not.toContain(key);
    expect((await call(t.app, org.apiKey, 'DELETE', `/api/v1/api-keys/${id}`)).json().revokedAt).toEqual(expect.any(String));
    expect((await call(t.app, key, 'GET', '/api/v1/contacts')).statusCode).toBe(401);
  });

  it('rate-limits login attempts with 429 and Retry-After', async () => {
    const limited = await createTestApp(dialect, { loginRateLimit: 3 });
    try {
      const attempts = [];
      for (let i = 0; i < 4; i += 1) attempts.push(await limited.app.inject({ method: 'POST', url: '/api/v1/login', payload: { email: 'nobody@example.com', password: 'whatever1' } }));
      expect(attempts.slice(0, 3).map((r) => r.statusCode)).toEqual([401, 401, 401]);
      expect(attempts[3]!.statusCode).toBe(429);
      expect(attempts[3]!.headers['retry-after']).toBeDefined();
      expect(attempts[3]!.json().error.code).toBe('rate_limited');
    } finally {
      await limited.close();
    }
  });
});
