import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ImportJobRunner } from '../../src/app/opt-outs/import-job-runner.js';
import { createRuntime } from '../../src/compose.js';
import { buildApp } from '../../src/http/build-app.js';
import type { FastifyInstance } from 'fastify';
import { DIALECTS } from '../support/databases.js';
import { addUserWithKey, call, createTestApp, signUpOrganization, TEST_PUBLIC_URL, TEST_SECRET_KEY, type Organization, type TestApp } from '../support/test-app.js';

const postCsv = (app: FastifyInstance, apiKey: string, csv: string, fileName?: string) =>
  app.inject({ method: 'POST', url: `/api/v1/opt-outs/imports${fileName ? `?fileName=${encodeURIComponent(fileName)}` : ''}`, headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'text/csv' }, payload: csv });

async function waitForJob(app: FastifyInstance, apiKey: string, id: string, timeoutMs = 20_000): Promise<Record<string, any>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = (await call(app, apiKey, 'GET', `/api/v1/opt-outs/imports/${id}`)).json();
    if (job.status !== 'running') return job;
    if (Date.now() > deadline) throw new Error(`import ${id} still running: ${JSON.stringify(job)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** n distinct valid US numbers, as a CSV with a reason column. */
function numbersCsv(n: number, start = 0): string {
  const lines = ['phone,reason'];
  for (let i = start; i < start + n; i += 1) lines.push(`+1415${String(2_000_000 + i).padStart(7, '0')},migrated`);
  return `${lines.join('\n')}\n`;
}

describe.each(DIALECTS)('opt-out import jobs (%s)', (dialect) => {
  let t: TestApp;
  let org: Organization;
  beforeEach(async () => {
    t = await createTestApp(dialect);
    org = await signUpOrganization(t.app);
  });
  afterEach(() => t.close());

  it('answers 202 with the job at once and reports progress until completed, with the same rules per row as the small import', async () => {
    // Already out before the import: skipped, not recorded twice.
    await call(t.app, org.apiKey, 'POST', '/api/v1/opt-outs', { phone: '+14155550101', reason: 'Asked by email' });
    const csv = ['Phone,Reason', '(646) 555-0100,Old CRM list', 'not-a-number,x', '+14155550101,already out', '646.555.0100,repeat', '', '+1 917 555 0111,', ',no number', '"+1 212 555 0142","multi', 'line reason"', '212-555-0199,last'].join('\n');
    const posted = await postCsv(t.app, org.apiKey, csv, 'old-crm.csv');
    expect(posted.statusCode).toBe(202);
    const started = posted.json();
    expect(Object.keys(started)).toEqual(expect.arrayContaining(['id', 'status', 'processed', 'imported', 'skipped', 'errors']));
    expect(started).toMatchObject({ status: 'running', processed: 0, imported: 0, skipped: 0, errors: [], fileName: 'old-crm.csv' });

    const job = await waitForJob(t.app, org.apiKey, started.id);
    expect(job).toMatchObject({ status: 'completed', processed: 8, imported: 4, skipped: 4, errorCount: 2, failure: null });
    // Errors name the record (header = row 1) and the line it is on: a blank line and a quoted line break move the line on.
    expect(job.errors).toEqual([
      { row: 3, line: 3, value: 'not-a-number', error: 'not a valid phone number' },
      { row: 7, line: 8, value: '', error: 'no phone number' },
    ]);

    const list = (await call(t.app, org.apiKey, 'GET', '/api/v1/opt-outs?limit=50')).json();
    const byPhone = new Map(list.items.map((i: { phone: string }) => [i.phone, i]));
    expect([...byPhone.keys()].sort()).toEqual(['+12125550142', '+12125550199', '+14155550101', '+16465550100', '+19175550111']);
    expect(byPhone.get('+16465550100')).toMatchObject({ source: 'import', reason: 'Old CRM list' });
    expect(byPhone.get('+19175550111')).toMatchObject({ source: 'import', reason: 'Imported opt-out list' });
    expect(byPhone.get('+12125550142')).toMatchObject({ reason: 'multi\nline reason' });
    expect(byPhone.get('+14155550101')).toMatchObject({ source: 'api', reason: 'Asked by email' });

    // The ledger holds one event per imported number, chained intact, naming the key as the channel.
    const verify = (await call(t.app, org.apiKey, 'GET', '/api/v1/consent-ledger/verify')).json();
    expect(verify).toMatchObject({ ok: true, checked: 5 });
    const events = await t.runtime.deps.db.selectFrom('consent_events').select(['phone', 'source', 'actor_user_id', 'channel']).where('organization_id', '=', org.organizationId).where('source', '=', 'import').execute();
    expect(events).toHaveLength(4);
    expect(events.every((e) => e.actor_user_id === org.userId && JSON.parse(e.channel!).kind === 'api_key')).toBe(true);

    const jobs = (await call(t.app, org.apiKey, 'GET', '/api/v1/opt-outs/imports')).json();
    expect(jobs.items.map((j: { id: string }) => j.id)).toEqual([started.id]);
    expect(jobs.nextCursor).toBeNull();
  });

  it('cancels pending texts to imported numbers, as any opt-out does', async () => {
    const contact = (await call(t.app, org.apiKey, 'POST', '/api/v1/contacts', { name: 'Later', phone: '+13105550123' })).json();
    const sendAt = new Date(Date.now() + 3_600_000).toISOString();
    const scheduled = (await call(t.app, org.apiKey, 'POST', `/api/v1/contacts/${contact.id}/messages`, { body: 'See you tomorrow', sendAt })).json().message;
    const posted = await postCsv(t.app, org.apiKey, 'phone\n+13105550123\n');
    expect((await waitForJob(t.app, org.apiKey, posted.json().id)).imported).toBe(1);
    expect((await call(t.app, org.apiKey, 'GET', `/api/v1/messages/${scheduled.id}`)).json().status).toBe('canceled');
    expect((await call(t.app, org.apiKey, 'GET', `/api/v1/contacts/${contact.id}`)).json()).toMatchObject({ optedOut: true, optOut: { source: 'import' } });
  });

  it('refuses a CSV without a phone column, or an empty one, at once, leaving no job', async () => {
    const noHeader = await postCsv(t.app, org.apiKey, 'name\nBob\n');
    expect(noHeader.statusCode).toBe(400);
    expect(noHeader.json().error.message).toMatch(/phone/);
    expect((await postCsv(t.app, org.apiKey, '')).statusCode).toBe(400);
    expect((await call(t.app, org.apiKey, 'GET', '/api/v1/opt-outs/imports')).json().items).toEqual([]);
  });

  it('fails a job visibly at a malformed line, naming the line', async () => {
    const csv = `${numbersCsv(3).trim()}\n"+14155550999,unterminated\n`;
    const job = await waitForJob(t.app, org.apiKey, (await postCsv(t.app, org.apiKey, csv)).json().id);
    expect(job.status).toBe('failed');
    expect(job.failure).toMatch(/quoted field is never closed at line \d+/);
  });

  it('keeps tenants apart and lets every role import, as the small import does; nobody unauthenticated', async () => {
    const other = await signUpOrganization(t.app, 'Other Co');
    const id = (await postCsv(t.app, org.apiKey, numbersCsv(2))).json().id;
    await waitForJob(t.app, org.apiKey, id);
    expect((await call(t.app, other.apiKey, 'GET', `/api/v1/opt-outs/imports/${id}`)).statusCode).toBe(404);
    expect((await call(t.app, other.apiKey, 'GET', '/api/v1/opt-outs/imports')).json().items).toEqual([]);
    expect((await call(t.app, other.apiKey, 'GET', '/api/v1/opt-outs')).json().items).toEqual([]);

    const anonymous = await t.app.inject({ method: 'POST', url: '/api/v1/opt-outs/imports', headers: { 'content-type': 'text/csv' }, payload: numbersCsv(1) });
    expect(anonymous.statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/opt-outs/imports/${id}` })).statusCode).toBe(401);

    const agent = await addUserWithKey(t.app, org, 'agent');
    const [, token, csrf] = agent.apiKey.split(':');
    const byAgent = await t.app.inject({ method: 'POST', url: '/api/v1/opt-outs/imports', headers: { cookie: `sp_session=${token}`, 'x-csrf-token': csrf!, 'content-type': 'text/csv' }, payload: 'phone\n+13035550100\n' });
    expect(byAgent.statusCode).toBe(202);
    expect((await waitForJob(t.app, agent.apiKey, byAgent.json().id)).imported).toBe(1);
    // A session without its CSRF token cannot start one.
    const forged = await t.app.inject({ method: 'POST', url: '/api/v1/opt-outs/imports', headers: { cookie: `sp_session=${token}`, 'content-type': 'text/csv' }, payload: 'phone\n+13035550101\n' });
    expect(forged.statusCode).toBe(403);
  });

  // SQLite's driver runs each batch without yielding, so there the batch size decides how long the loop is held;
  // PostgreSQL's driver is asynchronous (and the test is heavy), so it runs on SQLite only.
  it.runIf(dialect === 'sqlite')('keeps answering /healthz within 500 ms while a 200,000-row import runs', { timeout: 240_000 }, async () => {
    const posted = await postCsv(t.app, org.apiKey, numbersCsv(200_000));
    expect(posted.statusCode).toBe(202);
    const id = posted.json().id;
    let slowest = 0;
    let polls = 0;
    for (;;) {
      const started = performance.now();
      const health = await t.app.inject({ method: 'GET', url: '/healthz' });
      slowest = Math.max(slowest, performance.now() - started);
      expect(health.statusCode).toBe(200);
      polls += 1;
      const job = (await call(t.app, org.apiKey, 'GET', `/api/v1/opt-outs/imports/${id}`)).json();
      if (job.status !== 'running') {
        expect(job).toMatchObject({ status: 'completed', processed: 200_000, imported: 200_000 });
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(polls).toBeGreaterThan(5);
    expect(slowest).toBeLessThan(500);
  });

  it('resumes a job after a restart from the last committed row, recording nothing twice; an interrupted upload fails visibly', async () => {
    const runtime = t.runtime;
    // The server "stops" before running the job: the upload is stored, the job is running and held by this instance.
    await runtime.importJobs.stop();
    const posted = await postCsv(t.app, org.apiKey, numbersCsv(25));
    expect(posted.statusCode).toBe(202);
    const id = posted.json().id;
    // One batch of 4 rows commits, then the instance dies holding the job (its lease is then left to run out).
    const partial = new ImportJobRunner(runtime.deps, { instanceId: runtime.deps.importJobs.instanceId, batchRows: 4 });
    partial.launch(id);
    await partial.stop();
    const db = runtime.deps.db;
    const stale = new Date(Date.now() - 10 * 60_000).toISOString();
    await db.updateTable('opt_out_import_jobs').set({ claimed_by: 'crashed-instance', heartbeat_at: stale }).where('id', '=', id).execute();
    const midway = (await call(t.app, org.apiKey, 'GET', `/api/v1/opt-outs/imports/${id}`)).json();
    expect(midway).toMatchObject({ status: 'running', processed: 4, imported: 4 });
    // An upload cut off by the crash.
    const now = new Date().toISOString();
    await db.insertInto('opt_out_import_jobs').values({ id: 'cut-off-upload', organization_id: org.organizationId, actor_user_id: org.userId, channel: '{"kind":"app"}', file_name: null, status: 'receiving', bytes: 0, processed: 0, imported: 0, skipped: 0, error_count: 0, errors: '[]', failure: null, claimed_by: 'crashed-instance', heartbeat_at: stale, created_at: now, updated_at: now, finished_at: null }).execute();
    await t.app.close();
    await runtime.close();

    // A new server on the same database.
    const restarted = await createRuntime({ storage: t.database.target, logger: pino({ level: 'silent' }), secretKey: TEST_SECRET_KEY, publicUrl: TEST_PUBLIC_URL, twilioApiBase: 'http://127.0.0.1:9', importLeaseMs: 60_000 });
    const app = await buildApp(restarted.deps, { publicUrl: TEST_PUBLIC_URL, webRoot: null });
    try {
      const job = await waitForJob(app, org.apiKey, id);
      expect(job).toMatchObject({ status: 'completed', processed: 25, imported: 25, skipped: 0 });
      const cutOff = await waitForJob(app, org.apiKey, 'cut-off-upload');
      expect(cutOff).toMatchObject({ status: 'failed' });
      expect(cutOff.failure).toMatch(/restarted/);
      const events = await restarted.deps.db.selectFrom('consent_events').select((eb) => eb.fn.countAll<number>().as('n')).where('organization_id', '=', org.organizationId).executeTakeFirstOrThrow();
      expect(Number(events.n)).toBe(25);
      expect((await call(app, org.apiKey, 'GET', '/api/v1/consent-ledger/verify')).json()).toMatchObject({ ok: true, checked: 25 });
    } finally {
      await app.close();
      await restarted.close();
      // t.close() in afterEach closes the closed app and runtime again and drops the database.
      t.app = app;
      t.runtime = restarted;
    }
  });
});
