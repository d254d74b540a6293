import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { call, createTestApp, signUpOrganization, type Organization, type TestApp } from '../support/test-app.js';

const HOSTILE_STRINGS = [
  "' OR 1=1 --",
  '"; DROP TABLE contacts; --',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '\u0000',
  'null\u0000byte',
  '../../etc/passwd',
  '%00%27%22',
  '${jndi:ldap://x}',
  '{{7*7}}',
  '__proto__',
  'constructor',
  '\uD800',
  '🛑'.repeat(50),
  'x'.repeat(70_000),
  '+1'.padEnd(5000, '9'),
  '',
  ' ',
];

const hostileString = fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.string({ maxLength: 50 }), fc.string({ unit: 'grapheme', maxLength: 30 }));
const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(hostileString, fc.constantFrom('phone', 'body', 'name', 'email', 'to', 'from', 'reason', 'note', 'attestation', 'phones', 'tags', 'sendAt', 'role', 'password', 'decision', '__proto__', 'constructor')), tie('value'), { maxKeys: 6 }),
  ),
})).value;

/** Named raw bodies, so a failing case prints its name rather than a megabyte of bytes. */
const RAW_BODIES: Record<string, { contentType: string; bytes: () => Buffer }> = {
  invalidUtf8: { contentType: 'application/json', bytes: () => Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]) },
  deepArrays: { contentType: 'application/json', bytes: () => Buffer.from('['.repeat(200_000)) },
  deepObjects: { contentType: 'application/json', bytes: () => Buffer.from(`${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`) },
  deepUnderKnownField: { contentType: 'application/json', bytes: () => Buffer.from(`{"phones":${'['.repeat(3000)}${']'.repeat(3000)},"body":${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}}`) },
  duplicateKeys: { contentType: 'application/json', bytes: () => Buffer.from('{"phone": "+14155550100", "phone": {"$ne": null}}') },
  prototypePollution: { contentType: 'application/json', bytes: () => Buffer.from('{"__proto__": {"admin": true}, "constructor": {"prototype": {"x": 1}}}') },
  empty: { contentType: 'application/json', bytes: () => Buffer.from('') },
  csvFormula: { contentType: 'text/csv', bytes: () => Buffer.from('phone\n=cmd|calc\n+14155550100\n"unterminated') },
  form: { contentType: 'application/x-www-form-urlencoded', bytes: () => Buffer.from('From=%2B14155550100&Body=STOP&To=%00') },
  xmlEntity: { contentType: 'application/xml', bytes: () => Buffer.from('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>') },
  multipart: { contentType: 'multipart/form-data; boundary=x', bytes: () => Buffer.from('--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--') },
};

type RawBody = { kind: 'json'; value: unknown } | { kind: 'raw'; name: string };
const rawBody: fc.Arbitrary<RawBody> = fc.oneof(
  jsonValue.map((value) => ({ kind: 'json' as const, value })),
  fc.constantFrom(...Object.keys(RAW_BODIES)).map((name) => ({ kind: 'raw' as const, name })),
);

/** Fixed by default so CI is repeatable; FUZZ_SEED=<n> explores other cases. */
const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20_261_128);

describe.each(DIALECTS)('hostile input over every endpoint (%s)', (dialect) => {
  let t: TestApp;
  let victim: Organization;
  let attacker: Organization;
  let routes: { method: string; path: string }[];
  let victimIds: string[];
  let snapshot: () => Promise<string>;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    victim = await signUpOrganization(t.app, 'Victim Co');
    attacker = await signUpOrganization(t.app, 'Attacker Co');
    const contact = (await call(t.app, victim.apiKey, 'POST', '/api/v1/contacts', { name: 'Victim Lead', phone: '+14155550100', email: 'lead@victim.example' })).json();
    const message = (await call(t.app, victim.apiKey, 'POST', `/api/v1/contacts/${contact.id}/messages`, { body: 'hello' })).json().message;
    await call(t.app, victim.apiKey, 'POST', '/api/v1/messages/inbound', { from: '+14155550199', body: 'not interested' });
    await call(t.app, victim.apiKey, 'POST', '/api/v1/opt-outs', { phone: '+14155550198' });
    const review = (await call(t.app, victim.apiKey, 'GET', '/api/v1/review-queue')).json().items[0];
    const key = (await call(t.app, victim.apiKey, 'POST', '/api/v1/api-keys', { name: 'victim key' })).json();
    victimIds = [contact.id, message.id, review.id, key.id, victim.organizationId, victim.userId];

    const spec = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json() as { paths: Record<string, Record<string, unknown>> };
    routes = Object.entries(spec.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path })));
    // Everything the victim organization has, as its own key sees it.
    snapshot = async () => {
      const reads = await Promise.all(
        ['/api/v1/contacts?limit=200', '/api/v1/opt-outs?limit=200', '/api/v1/settings/opt-out', '/api/v1/api-keys', '/api/v1/users', '/api/v1/review-queue', `/api/v1/contacts/${contact.id}/conversation`, `/api/v1/contacts/${contact.id}/consent-events`, '/api/v1/consent-ledger/verify'].map((url) =>
          // timeLeftMs counts down by itself; everything else must stay exactly as it was.
          call(t.app, victim.apiKey, 'GET', url).then((r) => r.body.replace(/"timeLeftMs":-?\d+/g, '')),
        ),
      );
      return reads.join('\n');
    };
  });
  afterAll(() => t.close());

  it('covers the whole API', () => {
    expect(routes.length).toBeGreaterThanOrEqual(30);
  });

  it('never answers 500, never leaks a stack trace, and never changes another organization', async () => {
    const before = await snapshot();
    let cases = 0;
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.nat(),
        fc.oneof(fc.constantFrom(...HOSTILE_STRINGS.slice(0, 12)), fc.constant('__victim__'), fc.string({ maxLength: 20 })),
        rawBody,
        fc.oneof(fc.constant(''), fc.dictionary(fc.constantFrom('search', 'limit', 'cursor', 'optedOut', 'format', '__proto__', 'x'), hostileString, { maxKeys: 3 }).map((q) => `?${new URLSearchParams(q).toString()}`)),
        fc.constantFrom('attacker', 'attacker', 'attacker', 'none', 'garbage'),
        async (routeIndex, idValue, body, query, who) => {
          const route = routes[routeIndex % routes.length]!;
          const id = idValue === '__victim__' ? victimIds[routeIndex % victimIds.length]! : idValue;
          const url = route.path.replace(/\{[^}]+\}/g, encodeURIComponent(id)) + query;
          const headers: Record<string, string> = {};
          if (who === 'attacker') headers.authorization = `Bearer ${attacker.apiKey}`;
          if (who === 'garbage') headers.authorization = `Bearer ${'\u00ff'.repeat(10)}`;
          let payload: string | Buffer | undefined;
          if (!['GET', 'DELETE', 'HEAD'].includes(route.method)) {
            if (body.kind === 'json') {
              headers['content-type'] = 'application/json';
              payload = JSON.stringify(body.value) ?? 'null';
            } else {
              const raw = RAW_BODIES[body.name]!;
              headers['content-type'] = raw.contentType;
              payload = raw.bytes();
            }
          }
          const response = await t.app.inject({ method: route.method as 'GET', url, headers, ...(payload === undefined ? {} : { payload }) });
          cases += 1;
          statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
          expect(response.statusCode, `${route.method} ${url.slice(0, 120)} → ${response.body.slice(0, 300)}`).toBeLessThan(500);
          expect(response.body).not.toMatch(/\bat \S+ \(?\/.*:\d+:\d+\)?/);
          expect(response.body).not.toMatch(/node_modules|SQLITE_|syntax error at or near/);
          if (response.statusCode >= 400 && String(response.headers['content-type'] ?? '').includes('json')) {
            expect(response.json()).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
          }
        },
      ),
      { numRuns: 1500, seed: FUZZ_SEED },
    );
    expect(await snapshot()).toBe(before);
    console.log(`[fuzz ${dialect}] ${cases} requests over ${routes.length} routes; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
  }, 300_000);

  it('stores script payloads as text, so they stay inert wherever they are shown', async () => {
    const payload = '<img src=x onerror=alert(1)><script>alert(2)</script>';
    const created = await call(t.app, attacker.apiKey, 'POST', '/api/v1/contacts', { name: payload, phone: '+14155550177', notes: payload, tags: [payload] });
    expect(created.statusCode).toBe(201);
    expect(created.headers['content-type']).toMatch(/application\/json/);
    expect(created.json().name).toBe(payload);
    const csp = String(created.headers['content-security-policy'] ?? (await t.app.inject({ method: 'GET', url: '/healthz' })).headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
  });
});
