import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { addUserWithKey, call, createTestApp, signUpOrganization, type Organization, type TestApp } from '../support/test-app.js';

describe.each(DIALECTS)('the consent ledger (%s)', (dialect) => {
  let t: TestApp;
  let org: Organization;
  beforeEach(async () => {
    t = await createTestApp(dialect);
    org = await signUpOrganization(t.app);
    for (const [from, body] of [['+14155550161', 'STOP'], ['+14155550162', 'STOP'], ['+14155550161', 'START'], ['+14155550163', 'quit']]) {
      await call(t.app, org.apiKey, 'POST', '/api/v1/messages/inbound', { from, body });
    }
  });
  afterEach(() => t.close());

  it('chains every event to the one before and verifies the chain', async () => {
    const verify = await call(t.app, org.apiKey, 'GET', '/api/v1/consent-ledger/verify');
    expect(verify.json()).toEqual({ ok: true, checked: 4, firstBrokenEventId: null });
    const contact = (await call(t.app, org.apiKey, 'GET', '/api/v1/contacts?search=555-0161')).json().items[0];
    const events = (await call(t.app, org.apiKey, 'GET', `/api/v1/contacts/${contact.id}/consent-events`)).json().items;
    expect(events).toEqual([
      expect.objectContaining({ type: 'opted_out', phone: '+14155550161', source: 'keyword', keyword: 'STOP', messageId: expect.any(String), hash: expect.stringMatching(/^[0-9a-f]{64}$/) }),
      expect.objectContaining({ type: 'opted_in', source: 'keyword', keyword: 'START' }),
    ]);
  });

  it('names the first event whose row was edited in the database', async () => {
    const rows = await t.runtime.deps.db.selectFrom('consent_events').select(['id', 'seq']).orderBy('seq').execute();
    await t.runtime.deps.db.updateTable('consent_events').set({ keyword: 'START' }).where('id', '=', rows[1]!.id).execute();
    expect((await call(t.app, org.apiKey, 'GET', '/api/v1/consent-ledger/verify')).json()).toMatchObject({ ok: false, firstBrokenEventId: rows[1]!.id });
  });

  it('notices a deleted event', async () => {
    const rows = await t.runtime.deps.db.selectFrom('consent_events').select(['id', 'seq']).orderBy('seq').execute();
    await t.runtime.deps.db.deleteFrom('consent_events').where('id', '=', rows[3]!.id).execute();
    expect((await call(t.app, org.apiKey, 'GET', '/api/v1/consent-ledger/verify')).json().ok).toBe(false);
    await t.runtime.deps.db.deleteFrom('consent_events').where('id', '=', rows[0]!.id).execute();
    expect((await call(t.app, org.apiKey, 'GET', '/api/v1/consent-ledger/verify')).json()).toMatchObject({ ok: false, firstBrokenEventId: rows[1]!.id });
  });

  it('is for owners and admins', async () => {
    const agent = await addUserWithKey(t.app, org, 'agent');
    expect((await call(t.app, agent.apiKey, 'GET', '/api/v1/consent-ledger/verify')).statusCode).toBe(403);
  });
});
