import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { addUserWithKey, call, createTestApp, signUpOrganization, type Organization, type TestApp, type TestAppOptions } from '../support/test-app.js';
import { manualClock } from '../support/twilio.js';

describe.each(DIALECTS)('accounts against an attacker (%s)', (dialect) => {
  const apps: TestApp[] = [];
  const open = async (options: TestAppOptions = {}) => {
    const t = await createTestApp(dialect, options);
    apps.push(t);
    return t;
  };
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((t) => t.close()));
  });

  const login = (t: TestApp, email: string, from?: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/login', headers: from ? { 'x-forwarded-for': from } : {}, payload: { email, password: 'not the password' } });

  it('refuses blank-ish and the commonest passwords, saying why, at sign-up and for teammates', async () => {
    const t = await open();
    const signup = (password: string) => t.app.inject({ method: 'POST', url: '/api/v1/signup', payload: { organization: 'Acme', name: 'Olivia', email: `o${Math.random()}@acme.example`, password } });
    for (const [password, why] of [
      ['        ', /blank/],
      ['   abc       ', /at least 8 characters/],
      ['password', /most common/],
      ['12345678', /most common/],
      ['Password1', /most common/],
      ['aaaaaaaaaaaa', /repeats/],
      ['abababababab', /repeats/],
    ] as const) {
      const response = await signup(password);
      expect(response.statusCode, password).toBe(400);
      expect(response.json().error).toMatchObject({ code: 'invalid_request', field: 'password', message: expect.stringMatching(why) });
    }
    expect((await signup('correct horse')).statusCode).toBe(201);
    const org = await signUpOrganization(t.app);
    const teammate = await call(t.app, org.apiKey, 'POST', '/api/v1/users', { name: 'Al', email: 'al@acme.example', password: 'qwerty123', role: 'agent' });
    expect(teammate.statusCode).toBe(400);
    expect(teammate.json().error.message).toMatch(/most common/);
  });

  it('limits login attempts per account from any number of addresses, without locking out other accounts', async () => {
    const t = await open({ trustProxy: true, loginRateLimit: 1000, loginAccountRateLimit: 3 });
    const org = await signUpOrganization(t.app);
    const statuses = [];
    for (let i = 1; i <= 4; i += 1) statuses.push((await login(t, org.email, `198.51.100.${i}`)).statusCode);
    expect(statuses).toEqual([401, 401, 401, 429]);
    const limited = await login(t, ` ${org.email.toUpperCase()} `, '198.51.100.9');
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();
    expect(limited.json().error.code).toBe('rate_limited');
    // Even the right password waits: a guesser cannot tell a hit from the limit.
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/login', payload: { email: org.email, password: org.password } })).statusCode).toBe(429);
    expect((await login(t, 'someone.else@example.com', '198.51.100.1')).statusCode).toBe(401);
  });

  it('limits login attempts per client address, reading X-Forwarded-For only when TRUST_PROXY says so', async () => {
    const behindProxy = await open({ trustProxy: true, loginRateLimit: 3 });
    const a = [];
    for (let i = 0; i < 4; i += 1) a.push((await login(behindProxy, `user${i}@example.com`, '203.0.113.7')).statusCode);
    expect(a).toEqual([401, 401, 401, 429]);
    // Another client behind the same proxy has its own allowance.
    expect((await login(behindProxy, 'user9@example.com', '203.0.113.8')).statusCode).toBe(401);

    // Without TRUST_PROXY the header is the client's own word: changing it does not buy more attempts.
    const direct = await open({ loginRateLimit: 3 });
    const b = [];
    for (let i = 0; i < 4; i += 1) b.push((await login(direct, `user${i}@example.com`, `203.0.113.${i}`)).statusCode);
    expect(b).toEqual([401, 401, 401, 429]);
  });

  it('limits sign-ups per client address', async () => {
    const t = await open({ signupRateLimit: 2 });
    await signUpOrganization(t.app);
    await signUpOrganization(t.app);
    const third = await t.app.inject({ method: 'POST', url: '/api/v1/signup', payload: { organization: 'X', name: 'Y', email: 'third@example.com', password: 'correct horse battery' } });
    expect(third.statusCode).toBe(429);
    expect(third.json().error.code).toBe('rate_limited');
  });

  it('answers a taken email no faster than a free one: the password is hashed first, so timing does not list accounts', async () => {
    const t = await open();
    const org = await signUpOrganization(t.app);
    const timed = async (email: string) => {
      const started = performance.now();
      const response = await t.app.inject({ method: 'POST', url: '/api/v1/signup', payload: { organization: 'X', name: 'Y', email, password: 'correct horse battery' } });
      return { status: response.statusCode, ms: performance.now() - started };
    };
    const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const taken: number[] = [];
    const free: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      const a = await timed(org.email);
      expect(a.status).toBe(409);
      taken.push(a.ms);
      const b = await timed(`free${i}-${Math.random()}@example.com`);
      expect(b.status).toBe(201);
      free.push(b.ms);
    }
    // Without the hash first, a taken email answered in a few milliseconds against ~100 ms for a free one.
    expect(median(taken)).toBeGreaterThan(median(free) * 0.4);
  });

  it('tells browsers and proxies to keep no copy of answers carrying an API key or a CSRF token', async () => {
    const t = await open();
    const signup = await t.app.inject({ method: 'POST', url: '/api/v1/signup', payload: { organization: 'Acme', name: 'Olivia', email: 'olivia@acme.example', password: 'correct horse battery' } });
    const apiKey = signup.json().apiKey as string;
    const loggedIn = await t.app.inject({ method: 'POST', url: '/api/v1/login', payload: { email: 'olivia@acme.example', password: 'correct horse battery' } });
    const cookie = loggedIn.cookies.find((c) => c.name === 'sp_session')!;
    const session = await t.app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie: `sp_session=${cookie.value}` } });
    const key = await call(t.app, apiKey, 'POST', '/api/v1/api-keys', { name: 'CRM' });
    for (const response of [signup, loggedIn, session, key]) {
      expect(response.statusCode).toBeLessThan(300);
      expect(response.headers['cache-control']).toBe('no-store');
    }
    expect(session.json().csrfToken).toEqual(expect.any(String));
  });

  it('records when an API key was last used, at most once a minute', async () => {
    const clock = manualClock(Date.parse('2026-12-01T10:00:00.000Z'));
    const t = await open({ clock: clock.now });
    const org: Organization = await signUpOrganization(t.app);
    const lastUsed = async () => (await call(t.app, org.apiKey, 'GET', '/api/v1/api-keys')).json().items[0].lastUsedAt;
    expect(await lastUsed()).toBe('2026-12-01T10:00:00.000Z');
    clock.advance(30_000);
    await call(t.app, org.apiKey, 'GET', '/api/v1/contacts');
    expect(await lastUsed()).toBe('2026-12-01T10:00:00.000Z');
    clock.advance(31_000);
    await call(t.app, org.apiKey, 'GET', '/api/v1/contacts');
    expect(await lastUsed()).toBe('2026-12-01T10:01:01.000Z');
  });

  it('lets the owner remove a teammate: their sessions and API keys stop at once, their name stays on what they did', async () => {
    const t = await open();
    const org = await signUpOrganization(t.app);
    const admin = await addUserWithKey(t.app, org, 'admin');
    const agent = await addUserWithKey(t.app, org, 'agent');
    // The admin's own API key, and a second browser session of theirs.
    const adminKey = (await call(t.app, admin.apiKey, 'POST', '/api/v1/api-keys', { name: 'CRM sync' })).json().key as string;
    const second = await t.app.inject({ method: 'POST', url: '/api/v1/login', payload: { email: admin.email, password: admin.password } });
    const secondCookie = `sp_session=${second.cookies.find((c) => c.name === 'sp_session')!.value}`;
    const contact = (await call(t.app, adminKey, 'POST', '/api/v1/contacts', { phone: '+14155550101' })).json();
    await call(t.app, adminKey, 'POST', `/api/v1/contacts/${contact.id}/opt-out`, { reason: 'Asked on the phone' });

    // Only the owner removes, and never themselves.
    expect((await call(t.app, admin.apiKey, 'DELETE', `/api/v1/users/${agent.userId}`)).statusCode).toBe(403);
    expect((await call(t.app, org.apiKey, 'DELETE', `/api/v1/users/${org.userId}`)).statusCode).toBe(400);
    const other = await signUpOrganization(t.app, 'Other Co');
    expect((await call(t.app, other.apiKey, 'DELETE', `/api/v1/users/${admin.userId}`)).statusCode).toBe(404);

    const removed = await call(t.app, org.apiKey, 'DELETE', `/api/v1/users/${admin.userId}`);
    expect(removed.statusCode).toBe(200);
    expect(removed.json()).toMatchObject({ id: admin.userId, removedAt: expect.any(String) });
    expect((await call(t.app, admin.apiKey, 'GET', '/api/v1/contacts')).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/contacts', headers: { cookie: secondCookie } })).statusCode).toBe(401);
    expect((await call(t.app, adminKey, 'GET', '/api/v1/contacts')).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/login', payload: { email: admin.email, password: admin.password } })).statusCode).toBe(401);
    const keys = (await call(t.app, org.apiKey, 'GET', '/api/v1/api-keys')).json().items;
    expect(keys.find((k: { name: string }) => k.name === 'CRM sync')).toMatchObject({ revokedAt: expect.any(String) });
    const team = (await call(t.app, org.apiKey, 'GET', '/api/v1/users')).json().items;
    expect(team.map((u: { id: string }) => u.id).sort()).toEqual([org.userId, agent.userId].sort());
    // The ledger still names who opted the contact out.
    const report = (await call(t.app, org.apiKey, 'GET', `/api/v1/contacts/${contact.id}/consent-report`)).json();
    expect(report.events[0].actor).toMatchObject({ type: 'user', id: admin.userId, name: 'admin user' });
    // The agent was not touched.
    expect((await call(t.app, agent.apiKey, 'GET', '/api/v1/contacts')).statusCode).toBe(200);
  });
});
