import { afterEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createFaultDatabase, type FaultDatabase } from './support/databases.js';
import { api, freePort, signUp, startServer, type ServerProcess } from './support/server-process.js';
import { TcpProxy } from './support/tcp-proxy.js';

describe('PostgreSQL outage and graceful shutdown', () => {
  let database: FaultDatabase | null = null;
  let server: ServerProcess | null = null;
  let proxy: TcpProxy | null = null;
  afterEach(async () => {
    if (server && server.child.exitCode === null) await server.kill9();
    await proxy?.stop();
    await database?.drop();
  });

  it('answers 503 with a clear error while the database is unreachable, writes nothing half, and recovers without a restart', async () => {
    database = await createFaultDatabase('postgres');
    proxy = new TcpProxy(await freePort(), { host: '127.0.0.1', port: 5432 });
    await proxy.start();
    const viaProxy = new URL(database.url);
    viaProxy.port = String(proxy.port);
    server = await startServer({ DATABASE_URL: viaProxy.toString() });
    const apiKey = await signUp(server.url);
    expect((await api(server.url, apiKey, 'POST', '/api/v1/messages/inbound', { from: '+14155550301', body: 'STOP' })).status).toBe(200);

    await proxy.stop();
    const during = await Promise.all(
      Array.from({ length: 20 }, (_, i) => api(server!.url, apiKey, 'POST', '/api/v1/messages/inbound', { from: `+141555504${String(i).padStart(2, '0')}`, body: 'STOP' })),
    );
    for (const response of during) {
      expect(response.status).toBe(503);
      expect(response.json.error).toMatchObject({ code: 'service_unavailable', message: expect.stringMatching(/database is unavailable/i) });
      expect(response.text).not.toMatch(/at .*\.(ts|js):\d+/);
    }
    const health = await api(server.url, null, 'GET', '/healthz');
    expect(health.status).toBe(503);

    await proxy.start();
    let recovered = false;
    for (let attempt = 0; attempt < 50 && !recovered; attempt += 1) {
      recovered = (await api(server.url, null, 'GET', '/healthz')).status === 200;
      if (!recovered) await new Promise((r) => setTimeout(r, 200));
    }
    expect(recovered).toBe(true);
    const after = await api(server.url, apiKey, 'POST', '/api/v1/messages/inbound', { from: '+14155550302', body: 'STOP' });
    expect(after.status).toBe(200);

    // None of the refused requests left a trace; both acknowledged ones are whole.
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query(`select
        (select count(*) from messages where direction = 'inbound')::int as inbound,
        (select count(*) from consent_events)::int as events,
        (select count(*) from phone_consent where opted_out = 1)::int as opted_out,
        (select count(*) from contacts)::int as contacts`);
      expect(rows[0]).toEqual({ inbound: 2, events: 2, opted_out: 2, contacts: 2 });
    } finally {
      await client.end();
    }
  });

  it('on SIGTERM keeps answering for the grace period, closing each connection, then exits cleanly: every request sent before it is answered and stored', async () => {
    database = await createFaultDatabase('sqlite');
    server = await startServer({ DATABASE_URL: database.url, SHUTDOWN_GRACE_MS: '1000' });
    const apiKey = await signUp(server.url);
    const phones = Array.from({ length: 40 }, (_, i) => `+141555505${String(i).padStart(2, '0')}`);
    // Handlers are attached at once, so a reset connection is an outcome, not an unhandled rejection.
    const inFlight = phones.map((from) =>
      api(server!.url, apiKey, 'POST', '/api/v1/messages/inbound', { from, body: 'STOP' }).then(
        (response) => ({ from, status: response.status }),
        () => ({ from, status: 0 }),
      ),
    );
    // Let the server get well into the batch, then stop it while requests are being handled.
    await Promise.race(inFlight);
    const exited = server.terminate();
    await new Promise((done) => setTimeout(done, 200));
    const duringGrace = await fetch(`${server.url}/healthz`);
    expect(duringGrace.status).toBe(200);
    expect(duringGrace.headers.get('connection')).toBe('close');
    const exitCode = await exited;
    const outcomes = await Promise.all(inFlight);
    expect(exitCode).toBe(0);
    // Sent before SIGTERM: none reset (a client could not tell whether a reset POST was done), all answered.
    expect(outcomes.filter((o) => o.status !== 200)).toEqual([]);
    const acknowledged = outcomes.map((o) => o.from);

    server = await startServer({ DATABASE_URL: database.url });
    const check = await api(server.url, apiKey, 'POST', '/api/v1/opt-outs/check', { phones });
    // Nothing was done without an answer, and everything answered was done.
    expect([...check.json.optedOut].sort()).toEqual([...acknowledged].sort());
    console.log(`[sigterm] ${outcomes.length} requests in flight at SIGTERM: ${acknowledged.length} answered 200 and stored; a request during the grace period answered with "connection: close"`);
  });
});
