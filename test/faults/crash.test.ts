import { afterEach, describe, expect, it } from 'vitest';
import { createFaultDatabase, type FaultDatabase } from './support/databases.js';
import { api, signUp, startServer, type ServerProcess } from './support/server-process.js';
import { withAdminClient } from '../support/databases.js';

/**
 * Pours inbound STOPs from distinct numbers into a real server process, 32 in
 * flight, and kills it with SIGKILL part-way. Every opt-out that was answered
 * 200 must be there after a restart on the same database.
 */
async function pourStops(url: string, apiKey: string, options: { inFlight: number; total: number; onAcknowledged?: (count: number) => void }) {
  const acknowledged: string[] = [];
  const failed: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < options.total) {
      const phone = `+1415${String(2_000_000 + next++).padStart(7, '0')}`;
      try {
        const response = await fetch(`${url}/api/v1/messages/inbound`, {
          method: 'POST',
          headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ from: phone, body: 'STOP' }),
        });
        const body = (await response.json()) as { action?: string };
        if (response.status === 200 && body.action === 'opted_out') {
          acknowledged.push(phone);
          options.onAcknowledged?.(acknowledged.length);
        } else failed.push(response.status);
      } catch {
        failed.push(0); // connection refused or reset: never acknowledged
      }
    }
  };
  await Promise.all(Array.from({ length: options.inFlight }, worker));
  return { acknowledged, failed };
}

async function checkAll(url: string, apiKey: string, phones: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < phones.length; i += 10_000) {
    const response = await api(url, apiKey, 'POST', '/api/v1/opt-outs/check', { phones: phones.slice(i, i + 10_000) });
    expect(response.status, response.text.slice(0, 300)).toBe(200);
    for (const phone of response.json.optedOut as string[]) found.add(phone);
  }
  return found;
}

/**
 * Polls /healthz until the server answers that its database is usable again: a connection the
 * database cut while it sat idle in the pool is only found broken when it is next used.
 */
async function waitUntilHealthy(url: string, withinMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    const response = await fetch(`${url}/healthz`).catch(() => null);
    if (response?.ok) return Date.now() - started;
    if (Date.now() - started > withinMs) throw new Error(`the server did not recover within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.each(['sqlite', 'postgres'] as const)('a crash mid-storm loses no acknowledged opt-out (%s)', (dialect) => {
  let database: FaultDatabase | null = null;
  let server: ServerProcess | null = null;
  afterEach(async () => {
    if (server && server.child.exitCode === null) await server.kill9();
    await database?.drop();
  });

  it('kill -9 while 32 STOPs are in flight, then restart', async () => {
    database = await createFaultDatabase(dialect);
    server = await startServer({ DATABASE_URL: database.url });
    const apiKey = await signUp(server.url);
    const victim = server;
    let killed: Promise<void> | null = null;
    const storm = pourStops(server.url, apiKey, {
      inFlight: 32,
      total: 4000,
      onAcknowledged: (count) => {
        if (count === 1500 && !killed) killed = victim.kill9();
      },
    });
    const { acknowledged, failed } = await storm;
    await killed;
    expect(acknowledged.length).toBeGreaterThanOrEqual(1500);
    expect(failed.length).toBeGreaterThan(0); // the kill really interrupted the storm

    server = await startServer({ DATABASE_URL: database.url }, server.port);
    const found = await checkAll(server.url, apiKey, acknowledged);
    const lost = acknowledged.filter((phone) => !found.has(phone));
    console.log(`[crash ${dialect}] acknowledged ${acknowledged.length}, found after restart ${acknowledged.length - lost.length}, lost ${lost.length}, requests cut off ${failed.length}`);
    expect(lost).toEqual([]);
    const ledger = await api(server.url, apiKey, 'GET', '/api/v1/consent-ledger/verify');
    expect(ledger.json).toMatchObject({ ok: true });
    expect(ledger.json.checked).toBeGreaterThanOrEqual(acknowledged.length);
  });

  it.runIf(dialect === 'postgres')('database connections cut mid-storm: acknowledged opt-outs stay, failures are 503, the server recovers by itself', async () => {
    database = await createFaultDatabase(dialect);
    server = await startServer({ DATABASE_URL: database.url });
    const apiKey = await signUp(server.url);
    const name = new URL(database.url).pathname.slice(1);
    let cuts = 0;
    const cutsInFlight = new Set<Promise<unknown>>();
    const cutter = setInterval(() => {
      cuts += 1;
      const cut = withAdminClient((client) => client.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [name])).catch(() => undefined);
      cutsInFlight.add(cut);
      void cut.finally(() => cutsInFlight.delete(cut));
    }, 400);
    const { acknowledged, failed } = await pourStops(server.url, apiKey, { inFlight: 32, total: 600 });
    clearInterval(cutter);
    // A cut sent just before the storm ended can land after it: the checks below start once the last one has.
    await Promise.all(cutsInFlight);
    expect(cuts).toBeGreaterThan(3);
    expect(acknowledged.length).toBeGreaterThan(0); // some STOPs got through between cuts, so their survival is tested
    const recoveredInMs = await waitUntilHealthy(server.url, 10_000);
    const unexpected = failed.filter((status) => status !== 503);
    if (unexpected.length > 0) console.log(server.output().slice(0, 3000));
    expect(unexpected).toEqual([]);

    const found = await checkAll(server.url, apiKey, acknowledged);
    const lost = acknowledged.filter((phone) => !found.has(phone));
    console.log(`[connection cuts] ${cuts} cuts, acknowledged ${acknowledged.length}, answered 503 ${failed.length}, lost ${lost.length}, healthy again after ${recoveredInMs} ms`);
    expect(lost).toEqual([]);
    // Nothing half-written: every number has either its message, its event and its state, or none of them.
    const rows = await withAdminClient(async () => {
      const pg = await import('pg');
      const client = new pg.default.Client({ connectionString: database!.url });
      await client.connect();
      try {
        const result = await client.query(`
          select
            (select count(*) from messages where direction = 'inbound') as inbound,
            (select count(*) from consent_events) as events,
            (select count(*) from phone_consent where opted_out = 1) as opted_out`);
        return result.rows[0] as { inbound: number; events: number; opted_out: number };
      } finally {
        await client.end();
      }
    });
    expect(Number(rows.events)).toBe(Number(rows.opted_out));
    expect(Number(rows.inbound)).toBe(Number(rows.events));
    const after = await api(server.url, apiKey, 'POST', '/api/v1/messages/inbound', { from: '+14155559999', body: 'STOP' });
    expect(after.status).toBe(200);
  });
});
