/**
 * npm run bench — measures the real server, started as its own process from
 * the build users run (node dist/server/main.js), on a fresh SQLite file and
 * on a fresh PostgreSQL database, each figure beside a baseline measured in
 * the same run: a bare Fastify process answering the same requests with no
 * database (scripts/bench/bare-server.ts).
 *
 *   1. inbound STOP, each from a different number (a durable write each), 20 connections
 *   2. the send gate: POST /api/v1/messages to an opted-out number (409) and to an allowed one (201)
 *   3. bulk check: 10,000 numbers per POST /api/v1/opt-outs/check
 *   4. opt-out list search at 1,000,000 contacts / 200,000 opt-outs
 *   5. peak RSS of the server over 1–4
 *
 * The organization is seeded first (straight into the tables, in bulk), so
 * the STOP storm and the gate run against a full-size database too.
 *
 * Options: --db sqlite|postgres|both (both)   --duration <s> (10)   --contacts <n> (1000000)
 *          --opt-outs <n> (200000)   --no-build   --keep (leave the databases for inspection)
 *          --runtime built|tsx (built: node dist/server/main.js; tsx: src through tsx)
 *          --json <file> (also write the raw results)   --cpu-prof <dir> (profile the server)
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { cpus, totalmem, tmpdir, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon, { type Result } from 'autocannon';
import pg from 'pg';
import SqliteDatabase from 'better-sqlite3';
import { createRandom, generateDataset, type Dataset } from './dataset.js';
import { readLedgerHeadPostgres, readLedgerHeadSqlite, seedPostgres, seedSqlite } from './seed.js';

const ROOT = resolve(import.meta.dirname, '../..');
const ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'both' },
    duration: { type: 'string', default: '10' },
    contacts: { type: 'string', default: '1000000' },
    'opt-outs': { type: 'string', default: '200000' },
    'no-build': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    runtime: { type: 'string', default: 'built' },
    json: { type: 'string' },
    'cpu-prof': { type: 'string' },
    connections: { type: 'string', default: '20' },
    only: { type: 'string', default: 'inbound,gate,bulk,search' },
  },
});
const DURATION = Number(args.duration);
const CONNECTIONS = Number(args.connections);
const WARMUP = Math.max(2, Math.round(DURATION / 4));
const PHASES = new Set(args.only.split(','));
const dialects = args.db === 'both' ? (['sqlite', 'postgres'] as const) : [args.db as 'sqlite' | 'postgres'];

// ---------------------------------------------------------------- processes

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
    server.on('error', reject);
  });
}

interface Proc {
  child: ChildProcess;
  port: number;
  url: string;
  log: string;
  stop(): Promise<void>;
}

async function startProcess(name: string, command: string[], env: Record<string, string>, port: number, workDir: string, ready: () => Promise<boolean>): Promise<Proc> {
  const log = join(workDir, `${name}.log`);
  const out = createWriteStream(log);
  const child = spawn(command[0]!, command.slice(1), { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  let exited = false;
  child.on('exit', () => (exited = true));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`${name} exited during start; see ${log}:\n${readFileSync(log, 'utf8').slice(-2000)}`);
    if (Date.now() > deadline) throw new Error(`${name} did not start within 60 s; see ${log}`);
    if (await ready().catch(() => false)) break;
    await sleep(100);
  }
  return {
    child,
    port,
    url: `http://127.0.0.1:${port}`,
    log,
    stop: () =>
      new Promise<void>((done) => {
        if (exited) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
      }),
  };
}

/** Peak resident set size (VmHWM) of a process, and what is resident now split into anonymous memory and mapped files, in MB. */
function rssMb(pid: number): { peak: number; anon: number; file: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
  return { peak: field('VmHWM'), anon: field('RssAnon'), file: field('RssFile') };
}

// ---------------------------------------------------------------- http helpers

const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });

async function request(url: string, method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; body: string }> {
  try {
    return await requestOnce(url, method, path, headers, body);
  } catch (error) {
    // A kept-alive socket the server closed while we were busy (seeding): once more on a fresh one.
    if ((error as NodeJS.ErrnoException).code !== 'EPIPE' && (error as NodeJS.ErrnoException).code !== 'ECONNRESET') throw error;
    return requestOnce(url, method, path, headers, body);
  }
}

function requestOnce(url: string, method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((done, fail) => {
    const req = http.request(`${url}${path}`, { method, headers: { ...headers, ...(body ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } : {}) }, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end(body);
  });
}

async function json<T>(url: string, method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<T> {
  const res = await request(url, method, path, headers, body === undefined ? undefined : JSON.stringify(body));
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.body.slice(0, 300)}`);
  return JSON.parse(res.body) as T;
}

// ---------------------------------------------------------------- measurements

interface Throughput {
  rps: number;
  p50: number;
  p99: number;
  statuses: Record<string, number>;
  errors: number;
}

async function cannon(url: string, options: { path: string; connections: number; duration: number; headers: Record<string, string>; body: () => string }): Promise<Throughput> {
  const result: Result = await autocannon({
    url,
    connections: options.connections,
    duration: options.duration,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        path: options.path,
        headers: { ...options.headers, 'content-type': 'application/json' },
        setupRequest: (req) => ({ ...req, body: options.body() }),
      },
    ],
  });
  const statuses: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statuses[code] = Number(stat.count);
  const completed = Object.values(statuses).reduce((a, b) => a + b, 0);
  return { rps: completed / result.duration, p50: result.latency.p50, p99: result.latency.p99, statuses, errors: result.errors + result.timeouts };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

async function latencies(url: string, paths: string[], headers: Record<string, string>, rounds: number): Promise<{ p50: number; p95: number; results: number[] }> {
  const times: number[] = [];
  const results: number[] = [];
  for (const path of paths) await request(url, 'GET', path, headers); // warm
  for (let round = 0; round < rounds; round += 1) {
    for (const path of paths) {
      const started = process.hrtime.bigint();
      const res = await request(url, 'GET', path, headers);
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
      if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${res.body.slice(0, 200)}`);
      if (round === 0) results.push((JSON.parse(res.body) as { items: unknown[] }).items.length);
    }
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), results };
}

// ---------------------------------------------------------------- the run

const EMPTY: Throughput = { rps: 0, p50: 0, p99: 0, statuses: {}, errors: 0 };

interface DialectResult {
  dialect: 'sqlite' | 'postgres';
  seedSeconds: number;
  dbSizeMb: number;
  inbound: { real: Throughput; bare: Throughput };
  gateRefused: { real: Throughput; bare: Throughput };
  gateAllowed: { real: Throughput; bare: Throughput };
  bulk: { real: Throughput & { numbersPerSecond: number }; bare: Throughput & { numbersPerSecond: number } };
  search: Record<string, { real: { p50: number; p95: number; results: number[] }; bare: { p50: number; p95: number } }>;
  peakRssMb: { real: { peak: number; anon: number; file: number }; bare: { peak: number; anon: number; file: number } };
  ledgerOk: boolean;
  checks: string[];
}

async function runDialect(dialect: 'sqlite' | 'postgres', bare: Proc, workDir: string): Promise<DialectResult> {
  const checks: string[] = [];
  let databaseUrl: string;
  let dropDatabase = async () => undefined as unknown;
  let sqlitePath = '';
  let pgUrl = '';
  if (dialect === 'sqlite') {
    sqlitePath = join(workDir, 'bench.db');
    databaseUrl = `sqlite:${sqlitePath}`;
  } else {
    const name = `optout_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const base = new URL(ADMIN_URL);
    base.pathname = `/${name}`;
    pgUrl = base.toString();
    databaseUrl = pgUrl;
    dropDatabase = async () => {
      const client = new pg.Client({ connectionString: ADMIN_URL });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    };
  }

  const port = await freePort();
  const entry = args.runtime === 'tsx' ? ['node', '--import', 'tsx', 'src/main.ts'] : ['node', 'dist/server/main.js'];
  if (args['cpu-prof']) entry.splice(1, 0, '--cpu-prof', `--cpu-prof-dir=${resolve(args['cpu-prof'])}`);
  const server = await startProcess(
    `server-${dialect}`,
    entry,
    { PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', DATA_DIR: join(workDir, `data-${dialect}`), SECRET_KEY: randomBytes(32).toString('hex'), NODE_ENV: 'production' },
    port,
    workDir,
    async () => (await request(`http://127.0.0.1:${port}`, 'GET', '/healthz', {})).status === 200,
  );
  try {
    const signup = await json<{ organization: { id: string }; apiKey: string }>(server.url, 'POST', '/api/v1/signup', {}, {
      organization: 'Acme Solar',
      name: 'Olivia Owner',
      email: `owner.${dialect}@acme.example`,
      password: 'correct horse battery staple',
    });
    const organizationId = signup.organization.id;
    const auth = { authorization: `Bearer ${signup.apiKey}` };

    // ---- seed the organization straight into the tables
    const seedStarted = Date.now();
    const head = dialect === 'sqlite' ? await readLedgerHeadSqlite(sqlitePath, organizationId) : await readLedgerHeadPostgres(pgUrl, organizationId);
    const data = generateDataset({ organizationId, contacts: Number(args.contacts), optOuts: Number(args['opt-outs']), now: Date.now(), headSeq: head.seq, headHash: head.hash });
    if (dialect === 'sqlite') seedSqlite(sqlitePath, organizationId, data, head);
    else await seedPostgres(pgUrl, organizationId, data, head);
    const seedSeconds = (Date.now() - seedStarted) / 1000;
    log(`${dialect}: seeded ${data.contacts.id.length} contacts, ${data.optOuts.contact.length} opt-outs in ${seedSeconds.toFixed(1)} s`);

    const allowed: string[] = [];
    const optedOut: string[] = [];
    data.contacts.phone.forEach((phone, i) => (data.optedOut[i] ? optedOut : allowed).push(phone));
    shuffle(allowed, createRandom(7));
    // Kept out of the STOP storm: the gate's allowed number.
    const allowedTo = allowed.pop()!;
    const refusedTo = optedOut[0]!;

    // ---- 1. inbound STOP storm: each from a different number that has a contact (a campaign's replies)
    let next = 0;
    let synthetic = 0;
    let inboundBare = EMPTY;
    let inboundReal = EMPTY;
    const inbound = (from: () => string) => ({ path: '/api/v1/messages/inbound', connections: CONNECTIONS, headers: auth, body: () => JSON.stringify({ from: from(), body: 'STOP' }) });
    const realStop = inbound(() => allowed[next++ % allowed.length]!);
    const bareStop = inbound(() => `+1415${String(2_000_000 + (synthetic++ % 8_000_000))}`);
    if (PHASES.has('inbound')) {
      await cannon(bare.url, { ...bareStop, duration: WARMUP });
      inboundBare = await cannon(bare.url, { ...bareStop, duration: DURATION });
      await cannon(server.url, { ...realStop, duration: WARMUP });
      inboundReal = await cannon(server.url, { ...realStop, duration: DURATION });
      log(`${dialect}: inbound ${inboundReal.rps.toFixed(0)} req/s (bare ${inboundBare.rps.toFixed(0)}), p50 ${inboundReal.p50} ms, p99 ${inboundReal.p99} ms`);
      if (Object.keys(inboundReal.statuses).some((code) => code !== '200') || inboundReal.errors > 0) checks.push(`inbound: statuses ${JSON.stringify(inboundReal.statuses)}, errors ${inboundReal.errors}`);
      // The confirmations the storm queued go out before the next phase starts.
      await waitForDispatcher(dialect, sqlitePath, pgUrl);
    }
    const stopsSent = next;

    // ---- 2. the gate: a send to an opted-out number (409) and to an allowed one (201, queued and then sent)
    const gate = (to: string) => ({ path: '/api/v1/messages', connections: CONNECTIONS, headers: auth, body: () => JSON.stringify({ to, body: 'Your quote is ready' }) });
    let refusedBare = EMPTY;
    let refusedReal = EMPTY;
    let allowedBare = EMPTY;
    let allowedReal = EMPTY;
    if (PHASES.has('gate') || PHASES.has('refused')) {
      await cannon(bare.url, { ...gate(refusedTo), duration: WARMUP });
      refusedBare = await cannon(bare.url, { ...gate(refusedTo), duration: DURATION });
      await cannon(server.url, { ...gate(refusedTo), duration: WARMUP });
      refusedReal = await cannon(server.url, { ...gate(refusedTo), duration: DURATION });
      if (Object.keys(refusedReal.statuses).some((code) => code !== '409')) checks.push(`gate refused: statuses ${JSON.stringify(refusedReal.statuses)}`);
    }
    if (PHASES.has('gate')) {
      allowedBare = await cannon(bare.url, { ...gate(allowedTo), duration: DURATION });
      await cannon(server.url, { ...gate(allowedTo), duration: WARMUP });
      allowedReal = await cannon(server.url, { ...gate(allowedTo), duration: DURATION });
      if (Object.keys(allowedReal.statuses).some((code) => code !== '201')) checks.push(`gate allowed: statuses ${JSON.stringify(allowedReal.statuses)}`);
      log(`${dialect}: gate 409 ${refusedReal.rps.toFixed(0)} req/s (bare ${refusedBare.rps.toFixed(0)}); 201 ${allowedReal.rps.toFixed(0)} req/s (bare ${allowedBare.rps.toFixed(0)})`);
      await waitForDispatcher(dialect, sqlitePath, pgUrl);
    }

    // ---- 3. bulk check, 10,000 E.164 numbers a request (a fifth of them opted out)
    const random = createRandom(11);
    const bodies = Array.from({ length: 8 }, () =>
      JSON.stringify({ phones: Array.from({ length: 10_000 }, (_, i) => (i % 5 === 0 ? optedOut[Math.floor(random() * optedOut.length)]! : allowed[Math.floor(random() * allowed.length)]!)) }),
    );
    let b = 0;
    const bulkOptions = { path: '/api/v1/opt-outs/check', connections: 4, headers: auth, body: () => bodies[b++ % bodies.length]! };
    let bulkBare = EMPTY;
    let bulkReal = EMPTY;
    if (PHASES.has('bulk')) {
      bulkBare = await cannon(bare.url, { ...bulkOptions, duration: DURATION });
      await cannon(server.url, { ...bulkOptions, duration: WARMUP });
      bulkReal = await cannon(server.url, { ...bulkOptions, duration: DURATION });
      if (Object.keys(bulkReal.statuses).some((code) => code !== '200')) checks.push(`bulk check: statuses ${JSON.stringify(bulkReal.statuses)}`);
      const firstBody = JSON.parse(bodies[0]!) as { phones: string[] };
      const optedOutSet = new Set(optedOut);
      const expectedOut = new Set(firstBody.phones.filter((phone) => optedOutSet.has(phone))).size;
      const sample = await json<{ optedOut: string[] }>(server.url, 'POST', '/api/v1/opt-outs/check', auth, firstBody);
      // Numbers that texted STOP in phase 1 are opted out now too, so at least the seeded ones come back.
      if (sample.optedOut.length < expectedOut) checks.push(`bulk check found ${sample.optedOut.length} opted-out numbers, expected at least ${expectedOut}`);
      log(`${dialect}: bulk check ${(bulkReal.rps * 10_000).toFixed(0)} numbers/s (bare ${(bulkBare.rps * 10_000).toFixed(0)}), p50 ${bulkReal.p50} ms a request`);
    }

    // ---- 4. opt-out list search
    const queries = searchQueries(data);
    const search: DialectResult['search'] = {};
    for (const [category, list] of Object.entries(PHASES.has('search') ? queries : {})) {
      const paths = list.map((q) => (q === null ? '/api/v1/opt-outs' : `/api/v1/opt-outs?search=${encodeURIComponent(q)}`));
      const real = await latencies(server.url, paths, auth, 10);
      const bareLatency = await latencies(bare.url, paths, auth, 10);
      search[category] = { real, bare: { p50: bareLatency.p50, p95: bareLatency.p95 } };
      log(`${dialect}: search ${category}: p50 ${real.p50.toFixed(1)} ms, p95 ${real.p95.toFixed(1)} ms (result sizes ${real.results.join(',')})`);
    }

    // ---- 5. peak RSS over 1–4
    const peak = { real: rssMb(server.child.pid!), bare: rssMb(bare.child.pid!) };

    const ledger = await json<{ ok: boolean; checked: number }>(server.url, 'GET', '/api/v1/consent-ledger/verify', auth);
    if (!ledger.ok) checks.push('consent ledger does not verify');
    const dbSizeMb = dialect === 'sqlite' ? fileSizeMb(sqlitePath) : await postgresSizeMb(pgUrl);
    const optOutCount = await countOptOuts(dialect, sqlitePath, pgUrl, organizationId);
    const expected = data.optOuts.contact.length + (inboundReal.statuses['200'] ?? 0);
    if (optOutCount < expected) checks.push(`expected at least ${expected} opted-out numbers after the STOP storm, found ${optOutCount}`);
    log(`${dialect}: ${stopsSent} STOPs sent, ${optOutCount} numbers opted out, ledger ${ledger.ok ? 'verifies' : 'BROKEN'} (${ledger.checked} events)`);

    return {
      dialect,
      seedSeconds,
      dbSizeMb,
      inbound: { real: inboundReal, bare: inboundBare },
      gateRefused: { real: refusedReal, bare: refusedBare },
      gateAllowed: { real: allowedReal, bare: allowedBare },
      bulk: { real: { ...bulkReal, numbersPerSecond: bulkReal.rps * 10_000 }, bare: { ...bulkBare, numbersPerSecond: bulkBare.rps * 10_000 } },
      search,
      peakRssMb: peak,
      ledgerOk: ledger.ok,
      checks,
    };
  } finally {
    await server.stop();
    if (!args.keep) await dropDatabase();
    else log(`${dialect}: kept ${dialect === 'sqlite' ? sqlitePath : pgUrl}`);
  }
}

/** Waits until the dispatcher has sent what the phase queued (STOP confirmations, allowed sends), so it does not run into the next phase. */
async function waitForDispatcher(dialect: string, sqlitePath: string, pgUrl: string): Promise<void> {
  const pending = "select count(*) as n from messages where status in ('queued', 'sending')";
  for (let i = 0; i < 600; i += 1) {
    let n: number;
    if (dialect === 'sqlite') {
      const db = new SqliteDatabase(sqlitePath, { readonly: true });
      n = (db.prepare(pending).get() as { n: number }).n;
      db.close();
    } else {
      const client = new pg.Client({ connectionString: pgUrl });
      await client.connect();
      n = Number((await client.query(pending)).rows[0].n);
      await client.end();
    }
    if (n === 0) return;
    await sleep(500);
  }
  throw new Error('the dispatcher did not drain its queue within 5 minutes');
}

function searchQueries(data: Dataset): Record<string, (string | null)[]> {
  const random = createRandom(99);
  const optedOutContacts = Array.from(data.optOuts.contact);
  const someOptedOut = (filter: (i: number) => boolean) => {
    for (;;) {
      const i = optedOutContacts[Math.floor(random() * optedOutContacts.length)]!;
      if (filter(i)) return i;
    }
  };
  const phoneOf = (i: number) => data.contacts.phone[i]!.slice(2); // national digits
  const emails: string[] = [];
  for (let k = 0; k < 5; k += 1) {
    const email = data.contacts.email[someOptedOut((i) => data.contacts.email[i] !== null && data.contacts.email[i]!.length > 16)]!;
    emails.push(email.slice(3, 15)); // a fragment from the middle, as pasted from elsewhere
  }
  for (let k = 0; k < 5; k += 1) {
    const email = data.contacts.email[someOptedOut((i) => data.contacts.email[i] !== null && !/@(gmail|yahoo|outlook|icloud|aol|proton)\./.test(data.contacts.email[i]!))]!;
    emails.push(email.slice(email.indexOf('@'))); // a company domain
  }
  const phones: string[] = [];
  for (let k = 0; k < 4; k += 1) {
    const d = phoneOf(someOptedOut(() => true));
    phones.push(`${d.slice(3, 6)}-${d.slice(6)}`); // 555-0142
  }
  for (let k = 0; k < 3; k += 1) {
    const d = phoneOf(someOptedOut(() => true));
    phones.push(`(${d.slice(0, 3)}) ${d.slice(3, 6)}`); // (415) 555
  }
  for (let k = 0; k < 3; k += 1) phones.push(phoneOf(someOptedOut(() => true)).slice(6)); // 0142
  return {
    'name prefix': ['mar', 'jen', 'rob', 'chri', 'kat', 'dav', 'sam', 'wil', 'ale', 'gonz'],
    'email fragment': emails,
    'phone digits': phones,
    'first page': [null],
  };
}

async function countOptOuts(dialect: string, sqlitePath: string, pgUrl: string, organizationId: string): Promise<number> {
  if (dialect === 'sqlite') {
    const db = new SqliteDatabase(sqlitePath, { readonly: true });
    try {
      return (db.prepare('select count(*) as n from phone_consent where organization_id = ? and opted_out = 1').get(organizationId) as { n: number }).n;
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  try {
    const { rows } = await client.query('select count(*)::int as n from phone_consent where organization_id = $1 and opted_out = 1', [organizationId]);
    return rows[0].n;
  } finally {
    await client.end();
  }
}

function fileSizeMb(path: string): number {
  let total = 0;
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(path + suffix)) total += statSync(path + suffix).size;
  return total / 1024 / 1024;
}

async function postgresSizeMb(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query('select pg_database_size(current_database())::bigint as size');
    return Number(rows[0].size) / 1024 / 1024;
  } finally {
    await client.end();
  }
}

function shuffle<T>(list: T[], random: () => number): void {
  for (let i = list.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [list[i], list[j]] = [list[j]!, list[i]!];
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

function log(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}

// ---------------------------------------------------------------- report

function ratio(value: number, base: number): string {
  return base > 0 ? `${Math.round((value / base) * 100)}%` : '–';
}

function ms(value: number): string {
  return value >= 10 ? value.toFixed(0) : value.toFixed(1);
}

function thousands(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

function report(results: DialectResult[]): string {
  const header = ['Measure', 'Target', ...results.flatMap((r) => [label(r.dialect), 'baseline', 'ratio'])];
  const rows: string[][] = [];
  const add = (measure: string, target: string, cell: (r: DialectResult) => [string, string, string]) => rows.push([measure, target, ...results.flatMap(cell)]);
  add('1. Inbound STOP req/s (20 conns)', '≥ 40% of bare', (r) => [thousands(r.inbound.real.rps), thousands(r.inbound.bare.rps), ratio(r.inbound.real.rps, r.inbound.bare.rps)]);
  add('1. Inbound STOP p50 ms', '', (r) => [ms(r.inbound.real.p50), ms(r.inbound.bare.p50), '']);
  add('1. Inbound STOP p99 ms', '≤ 25 ms', (r) => [ms(r.inbound.real.p99), ms(r.inbound.bare.p99), '']);
  add('2. Gate, opted out (409) req/s', '≥ 80% of bare', (r) => [thousands(r.gateRefused.real.rps), thousands(r.gateRefused.bare.rps), ratio(r.gateRefused.real.rps, r.gateRefused.bare.rps)]);
  add('2. Gate, opted out p50 / p99 ms', '', (r) => [`${ms(r.gateRefused.real.p50)} / ${ms(r.gateRefused.real.p99)}`, `${ms(r.gateRefused.bare.p50)} / ${ms(r.gateRefused.bare.p99)}`, '']);
  add('2. Gate, allowed (201, queued) req/s', '', (r) => [thousands(r.gateAllowed.real.rps), thousands(r.gateAllowed.bare.rps), ratio(r.gateAllowed.real.rps, r.gateAllowed.bare.rps)]);
  add('2. Gate, allowed p50 / p99 ms', '', (r) => [`${ms(r.gateAllowed.real.p50)} / ${ms(r.gateAllowed.real.p99)}`, `${ms(r.gateAllowed.bare.p50)} / ${ms(r.gateAllowed.bare.p99)}`, '']);
  add('3. Bulk check numbers/s (10,000 a request)', '≥ 200,000', (r) => [thousands(r.bulk.real.numbersPerSecond), thousands(r.bulk.bare.numbersPerSecond), ratio(r.bulk.real.numbersPerSecond, r.bulk.bare.numbersPerSecond)]);
  for (const category of Object.keys(results[0]?.search ?? {})) {
    add(`4. Search "${category}" p50 / p95 ms`, 'p95 ≤ 50 ms', (r) => {
      const s = r.search[category]!;
      return [`${ms(s.real.p50)} / ${ms(s.real.p95)}`, `${ms(s.bare.p50)} / ${ms(s.bare.p95)}`, ''];
    });
  }
  add('5. Peak RSS MB (1–4)', '', (r) => [thousands(r.peakRssMb.real.peak), thousands(r.peakRssMb.bare.peak), '']);
  add('5. RSS after 4: anonymous / mapped files MB', '', (r) => [`${thousands(r.peakRssMb.real.anon)} / ${thousands(r.peakRssMb.real.file)}`, `${thousands(r.peakRssMb.bare.anon)} / ${thousands(r.peakRssMb.bare.file)}`, '']);
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function label(dialect: string): string {
  return dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL';
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  if (!args['no-build'] && args.runtime === 'built') {
    log('building the server (npm run build:server)');
    const build = spawnSync('npm', ['run', 'build:server'], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('npm run build:server failed');
  }
  const workDir = mkdtempSync(join(tmpdir(), 'optout-bench-'));
  const barePort = await freePort();
  const bare = await startProcess('bare', ['node', '--import', 'tsx', 'scripts/bench/bare-server.ts'], { PORT: String(barePort), NODE_ENV: 'production' }, barePort, workDir, async () => (await request(`http://127.0.0.1:${barePort}`, 'GET', '/api/v1/opt-outs', {})).status === 200);
  const started = new Date();
  const results: DialectResult[] = [];
  try {
    for (const dialect of dialects) results.push(await runDialect(dialect, bare, workDir));
  } finally {
    await bare.stop();
    agent.destroy();
    if (!args.keep) rmSync(workDir, { recursive: true, force: true });
  }

  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, ${(totalmem() / 1024 ** 3).toFixed(0)} GB RAM, Node ${process.version}, load average at the end ${loadavg().map((l) => l.toFixed(2)).join(' ')}`;
  const out = [
    `Benchmark ${started.toISOString()} — ${machine}`,
    `Server: ${args.runtime === 'tsx' ? 'node --import tsx src/main.ts' : 'node dist/server/main.js'} (LOG_LEVEL=warn); baseline: bare Fastify (scripts/bench/bare-server.ts) in its own process; ${DURATION} s per measurement after ${WARMUP} s warm-up; autocannon ${CONNECTIONS} connections (bulk check: 4).`,
    `Data: ${Number(args.contacts).toLocaleString('en-US')} contacts, ${Number(args['opt-outs']).toLocaleString('en-US')} opt-outs; seeded in ${results.map((r) => `${r.seedSeconds.toFixed(0)} s (${label(r.dialect)}, ${r.dbSizeMb.toFixed(0)} MB)`).join(', ')}.`,
    '',
    report(results),
  ];
  const problems = results.flatMap((r) => r.checks.map((c) => `${label(r.dialect)}: ${c}`));
  if (problems.length > 0) out.push('', 'Checks that failed:', ...problems.map((p) => `- ${p}`));
  process.stdout.write(`${out.join('\n')}\n`);
  if (args.json) writeFileSync(args.json, JSON.stringify({ started, machine, args, results }, null, 2));
  if (problems.length > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
