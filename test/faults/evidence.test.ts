import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createFaultDatabase, type FaultDatabase } from './support/databases.js';
import { runCli } from './support/cli.js';
import { api, signUp, startServer, type ServerProcess } from './support/server-process.js';

describe('evidence: ledger verification and SQLite backup/restore', () => {
  let database: FaultDatabase | null = null;
  let server: ServerProcess | null = null;
  const cleanups: (() => void)[] = [];
  afterEach(async () => {
    if (server && server.child.exitCode === null) await server.kill9();
    await database?.drop();
    cleanups.splice(0).forEach((cleanup) => cleanup());
  });

  it('npm run verify-ledger passes an intact ledger and names the first edited event', async () => {
    database = await createFaultDatabase('sqlite');
    server = await startServer({ DATABASE_URL: database.url });
    const apiKey = await signUp(server.url);
    for (let i = 0; i < 5; i += 1) await api(server.url, apiKey, 'POST', '/api/v1/messages/inbound', { from: `+1415555060${i}`, body: 'STOP' });
    await server.terminate();

    const intact = runCli('verify-ledger', [], { DATABASE_URL: database.url });
    expect(intact.status).toBe(0);
    expect(intact.stdout).toMatch(/OK: 1 organizations, 5 consent events checked, 0 broken/);

    const sqlite = new Database(database.url.slice('sqlite:'.length));
    const third = sqlite.prepare('select id from consent_events order by seq limit 1 offset 2').get() as { id: string };
    sqlite.prepare("update consent_events set phone = '+19999999999' where id = ?").run(third.id);
    sqlite.close();

    const broken = runCli('verify-ledger', [], { DATABASE_URL: database.url });
    expect(broken.status).toBe(1);
    expect(broken.stdout).toContain(`first broken event ${third.id}`);
  });

  it('backs up a running server\'s SQLite database online, and the restored copy has every opt-out', async () => {
    database = await createFaultDatabase('sqlite');
    server = await startServer({ DATABASE_URL: database.url });
    const apiKey = await signUp(server.url);
    const phones = Array.from({ length: 300 }, (_, i) => `+1415556${String(i).padStart(4, '0')}`);
    // Keep writing while the backup runs: the copy must still be one consistent state.
    const writer = (async () => {
      for (const phone of phones) await api(server!.url, apiKey, 'POST', '/api/v1/messages/inbound', { from: phone, body: 'STOP' });
    })();
    await new Promise((r) => setTimeout(r, 300));
    const dir = mkdtempSync(join(tmpdir(), 'optout-backup-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const midway = runCli('backup', ['backup', join(dir, 'midway.db')], { DATABASE_URL: database.url });
    expect(midway.status, midway.stderr).toBe(0);
    await writer;
    const final = runCli('backup', ['backup', join(dir, 'final.db')], { DATABASE_URL: database.url });
    expect(final.status, final.stderr).toBe(0);
    await server.terminate();

    const restoredPath = join(dir, 'restored', 'opt-out.db');
    const restore = runCli('backup', ['restore', join(dir, 'final.db')], { DATABASE_URL: `sqlite:${restoredPath}` });
    expect(restore.status, restore.stderr).toBe(0);
    server = await startServer({ DATABASE_URL: `sqlite:${restoredPath}` });
    const check = await api(server.url, apiKey, 'POST', '/api/v1/opt-outs/check', { phones });
    expect(check.json.optedOut).toHaveLength(phones.length);
    expect((await api(server.url, apiKey, 'GET', '/api/v1/consent-ledger/verify')).json).toMatchObject({ ok: true, checked: phones.length });
    await server.terminate();

    // The mid-storm copy is a consistent prefix: its ledger verifies too.
    expect(runCli('verify-ledger', [], { DATABASE_URL: `sqlite:${join(dir, 'midway.db')}` }).status).toBe(0);
  });
});
