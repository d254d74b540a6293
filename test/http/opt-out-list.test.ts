import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { call, createTestApp, signUpOrganization, type Organization, type TestApp } from '../support/test-app.js';

describe.each(DIALECTS)('the opt-out list (%s)', (dialect) => {
  let t: TestApp;
  let org: Organization;
  beforeEach(async () => {
    t = await createTestApp(dialect);
    org = await signUpOrganization(t.app);
    await call(t.app, org.apiKey, 'POST', '/api/v1/contacts', { name: 'Maria Lopez', phone: '(415) 555-0101', email: 'maria@lopez.example' });
    await call(t.app, org.apiKey, 'POST', '/api/v1/contacts', { name: 'John Smith', phone: '212-555-0142', email: 'jsmith@corp.example' });
    await call(t.app, org.apiKey, 'POST', '/api/v1/contacts', { name: 'Still Subscribed', phone: '212-555-0199' });
    await call(t.app, org.apiKey, 'POST', '/api/v1/messages/inbound', { from: '+14155550101', body: 'STOP' });
    await call(t.app, org.apiKey, 'POST', '/api/v1/messages/inbound', { from: '+12125550142', body: 'unsubscribe' });
    await call(t.app, org.apiKey, 'POST', '/api/v1/opt-outs', { phone: '+13105550123', reason: 'Do-not-call request' });
  });
  afterEach(() => t.close());

  const list = (query = '') => call(t.app, org.apiKey, 'GET', `/api/v1/opt-outs${query}`).then((r) => r.json());

  it('lists opt-outs newest first with contact, time, reason, source and keyword', async () => {
    const { items, nextCursor } = await list();
    expect(nextCursor).toBeNull();
    expect(items.map((i: { phone: string }) => i.phone)).toEqual(['+13105550123', '+12125550142', '+14155550101']);
    expect(items[2]).toMatchObject({ contact: { name: 'Maria Lopez', email: 'maria@lopez.example', phone: '+14155550101' }, source: 'keyword', keyword: 'STOP' });
    expect(items[0]).toMatchObject({ contact: null, source: 'api', reason: 'Do-not-call request', keyword: null });
    expect(Date.parse(items[0].optedOutAt)).not.toBeNaN();
  });

  it.each([
    ['maria', ['+14155550101']],
    ['LOPEZ', ['+14155550101']],
    ['corp.example', ['+12125550142']],
    ['(415) 555-0101', ['+14155550101']],
    ['555-0101', ['+14155550101']],
    ['4155550101', ['+14155550101']],
    ['+1 212 555 0142', ['+12125550142']],
    ['0123', ['+13105550123']],
    ['nobody', []],
    ['100%', []],
  ])('search %j finds %j', async (search, phones) => {
    const { items } = await list(`?search=${encodeURIComponent(search)}`);
    expect(items.map((i: { phone: string }) => i.phone)).toEqual(phones);
  });

  it('pages with a cursor', async () => {
    const first = await list('?limit=2');
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await list(`?limit=2&cursor=${encodeURIComponent(first.nextCursor)}`);
    expect(second.items.map((i: { phone: string }) => i.phone)).toEqual(['+14155550101']);
    expect(second.nextCursor).toBeNull();
    expect((await call(t.app, org.apiKey, 'GET', '/api/v1/opt-outs?limit=201')).statusCode).toBe(400);
    expect((await call(t.app, org.apiKey, 'GET', '/api/v1/opt-outs?cursor=garbage')).statusCode).toBe(400);
  });

  it('filters contacts by opt-out state and searches them the same way', async () => {
    const opted = (await call(t.app, org.apiKey, 'GET', '/api/v1/contacts?optedOut=true')).json().items;
    expect(opted.map((c: { name: string }) => c.name).sort()).toEqual(['John Smith', 'Maria Lopez']);
    const allowed = (await call(t.app, org.apiKey, 'GET', '/api/v1/contacts?optedOut=false')).json().items;
    expect(allowed.map((c: { name: string }) => c.name)).toEqual(['Still Subscribed']);
    const byPhone = (await call(t.app, org.apiKey, 'GET', `/api/v1/contacts?search=${encodeURIComponent('555-0199')}`)).json().items;
    expect(byPhone.map((c: { name: string }) => c.name)).toEqual(['Still Subscribed']);
  });

  it('checks numbers in bulk', async () => {
    const response = await call(t.app, org.apiKey, 'POST', '/api/v1/opt-outs/check', { phones: ['(415) 555-0101', '+12125550199', '+13105550123', 'garbage'] });
    expect(response.statusCode).toBe(200);
    expect(response.json().optedOut.sort()).toEqual(['+13105550123', '+14155550101']);
    expect(response.json().invalid).toEqual(['garbage']);
    const tooMany = await call(t.app, org.apiKey, 'POST', '/api/v1/opt-outs/check', { phones: Array.from({ length: 10_001 }, (_, i) => `+1415555${String(i).padStart(4, '0')}`) });
    expect(tooMany.statusCode).toBe(400);
    const tenThousand = await call(t.app, org.apiKey, 'POST', '/api/v1/opt-outs/check', { phones: Array.from({ length: 10_000 }, (_, i) => `+1415555${String(i).padStart(4, '0')}`) });
    expect(tenThousand.json().optedOut).toEqual(['+14155550101']);

    // A number that opts back in leaves the answer at once.
    const check = (phones: string[]) => call(t.app, org.apiKey, 'POST', '/api/v1/opt-outs/check', { phones }).then((r) => r.json().optedOut);
    expect(await check(['+12125550142', '+12125550199'])).toEqual(['+12125550142']);
    await call(t.app, org.apiKey, 'POST', '/api/v1/messages/inbound', { from: '+12125550142', body: 'START' });
    expect(await check(['+12125550142', '+12125550199'])).toEqual([]);
  });

  it('exports CSV and imports CSV, skipping bad rows and duplicates and never opting anyone in', async () => {
    const exported = await call(t.app, org.apiKey, 'GET', '/api/v1/opt-outs/export');
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toMatch(/text\/csv/);
    const lines = exported.body.trim().split('\n');
    expect(lines[0]).toBe('phone,name,email,opted_out_at,source,keyword,reason');
    expect(lines).toHaveLength(4);
    expect(exported.body).toContain('+14155550101,Maria Lopez,maria@lopez.example');

    const csv = ['Phone,Reason', '(646) 555-0100,Old CRM list', 'not-a-number,x', '+14155550101,already out', '646.555.0100,repeat', '', '+1 917 555 0111,'].join('\n');
    const imported = await t.app.inject({ method: 'POST', url: '/api/v1/opt-outs/import', headers: { authorization: `Bearer ${org.apiKey}`, 'content-type': 'text/csv' }, payload: csv });
    expect(imported.statusCode).toBe(200);
    expect(imported.json()).toEqual({ imported: 2, skipped: 3, errors: [{ row: 3, value: 'not-a-number', error: 'not a valid phone number' }] });
    const { items } = await list();
    expect(items.map((i: { phone: string }) => i.phone)).toEqual(expect.arrayContaining(['+16465550100', '+19175550111']));
    expect(items.find((i: { phone: string }) => i.phone === '+16465550100')).toMatchObject({ source: 'import', reason: 'Old CRM list' });

    // Importing a list that contains opted-in people changes nothing about anyone already allowed.
    const noHeader = await t.app.inject({ method: 'POST', url: '/api/v1/opt-outs/import', headers: { authorization: `Bearer ${org.apiKey}`, 'content-type': 'text/csv' }, payload: 'name\nBob' });
    expect(noHeader.statusCode).toBe(400);
    expect(noHeader.json().error.message).toMatch(/phone/);
  });
});
