/**
 * npm run bench — measures the real server, started as its own process from
 * the build users run (node dist/server/main.js), on a fresh SQLite file and
 * on a fresh PostgreSQL database, each figure beside a baseline measured in
 * the same run: a bare Fastify process answering the same requests with no
 * database (scripts/bench/bare-server.ts). One file per measurement in
 * phases/; the targets of issue #14 in targets.ts, printed beside each figure.
 *
 *   1. inbound STOP, each from a different number (a durable write each), 20 connections
 *   2. the send gate: POST /api/v1/messages to an opted-out number (409) and to an allowed one (201)
 *   3. bulk check: 10,000 numbers per POST /api/v1/opt-outs/check
 *   4. opt-out list search at 1,000,000 contacts / 200,000 opt-outs
 *   5. peak RSS of the server over 1–4
 *   6. opt-out insights (GET /api/v1/analytics/…) after seeding a year of outreach: p50/p95, target ≤ 200 ms
 *   8. dispatch: 20,000 texts queued through the gate with the dispatcher off, then drained (--only dispatch)
 *   7. import: a 1,000,000-row opt-out CSV as a background job (--only import; --import-rows <n>)
 *
 * The organization is seeded first (straight into the tables, in bulk), so
 * the STOP storm and the gate run against a full-size database too.
 *
 * Options: --db sqlite|postgres|both (both)   --duration <s> (10)   --contacts <n> (1000000)
 *          --opt-outs <n> (200000)   --no-build   --keep (leave the databases for inspection)
 *          --runtime built|tsx (built: node dist/server/main.js; tsx: src through tsx)
 *          --log-level <level> (the server's LOG_LEVEL; unset: its default, info)
 *          --json <file> (also write the raw results)   --cpu-prof <dir> (profile the server)
 *          --only inbound,gate,refused,bulk,search,analytics,dispatch,import
 *          --variant name=<dir holding main.js>[@NAME=value,…] (repeatable) --rounds <n> (2):
 *            instead of the phases, the STOP storm and the refusal (as --only selects) for each variant
 *            in turn, round after round, on the same database, each beside bare Fastify measured right
 *            before it: an A/B in one run. Build a variant with
 *            npx esbuild $(git ls-files 'src/*.ts' ':!src/web/*') --outdir=dist/ab/<name> --format=esm --platform=node
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createRandom, generateDataset } from './dataset.js';
import { countOptOuts, createBenchDatabase, waitForDispatcher, type BenchDatabase, type BenchDialect } from './lib/database.js';
import { agent, json, request } from './lib/http.js';
import { freePort, ROOT, rssMb, startProcess, type Proc } from './lib/processes.js';
import { log, shuffle } from './lib/util.js';
import type { PhaseContext } from './phases/context.js';
import { measureBulk } from './phases/bulk.js';
import { measureAllowed, measureRefused } from './phases/gate.js';
import { measureInbound, stopsSent } from './phases/inbound.js';
import { measureSearch } from './phases/search.js';
import { measureAnalytics } from './phases/analytics.js';
import { measureImport } from './phases/import.js';
import { measureDispatch } from './phases/dispatch.js';
import { label, report, type DialectResult } from './report.js';
import { readLedgerHeadPostgres, readLedgerHeadSqlite, seedPostgres, seedSqlite } from './seed.js';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'both' },
    duration: { type: 'string', default: '10' },
    contacts: { type: 'string', default: '1000000' },
    'opt-outs': { type: 'string', default: '200000' },
    'no-build': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    runtime: { type: 'string', default: 'built' },
    'log-level': { type: 'string' },
    json: { type: 'string' },
    'cpu-prof': { type: 'string' },
    connections: { type: 'string', default: '20' },
    only: { type: 'string', default: 'inbound,gate,bulk,search,analytics,dispatch,import' },
    variant: { type: 'string', multiple: true, default: [] },
    rounds: { type: 'string', default: '2' },
    'import-rows': { type: 'string', default: '1000000' },
  },
});
const DURATION = Number(args.duration);
const CONNECTIONS = Number(args.connections);
const WARMUP = Math.max(2, Math.round(DURATION / 4));
const PHASES = new Set(args.only.split(','));
const dialects: BenchDialect[] = args.db === 'both' ? ['sqlite', 'postgres'] : [args.db as BenchDialect];

interface Variant {
  name: string;
  entry: string[];
  env: Record<string, string>;
}

const MAIN: Variant = {
  name: 'this build',
  entry: args.runtime === 'tsx' ? ['node', '--import', 'tsx', 'src/main.ts'] : ['node', 'dist/server/main.js'],
  env: {},
};

function parseVariant(spec: string): Variant {
  const match = /^([^=]+)=([^@]+)(?:@(.*))?$/.exec(spec);
  if (!match) throw new Error(`--variant ${spec}: expected name=<dir>[@NAME=value,…]`);
  const env = Object.fromEntries((match[3] ?? '').split(',').filter(Boolean).map((pair) => pair.split('=') as [string, string]));
  return { name: match[1]!, entry: ['node', join(resolve(match[2]!), 'main.js')], env };
}

async function startServer(variant: Variant, db: BenchDatabase, workDir: string): Promise<Proc> {
  const port = await freePort();
  const entry = [...variant.entry];
  if (args['cpu-prof']) entry.splice(1, 0, '--cpu-prof', `--cpu-prof-dir=${resolve(args['cpu-prof'])}`);
  const env: Record<string, string> = { PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: db.url, DATA_DIR: join(workDir, `data-${db.dialect}`), SECRET_KEY: SECRET, NODE_ENV: 'production' };
  if (args['log-level']) env.LOG_LEVEL = args['log-level'];
  return startProcess(`server-${db.dialect}-${variant.name.replace(/\W+/g, '-')}`, entry, { ...env, ...variant.env }, port, workDir, async () => (await request(`http://127.0.0.1:${port}`, 'GET', '/healthz', {})).status === 200);
}

const SECRET = randomBytes(32).toString('hex');

async function runDialect(dialect: BenchDialect, bare: Proc, workDir: string): Promise<DialectResult> {
  const checks: string[] = [];
  const db = await createBenchDatabase(dialect, workDir);
  let server = await startServer(MAIN, db, workDir);
  try {
    const signup = await json<{ organization: { id: string }; apiKey: string }>(server.url, 'POST', '/api/v1/signup', {}, {
      organization: 'Acme Solar',
      name: 'Olivia Owner',
      email: `owner.${dialect}@acme.example`,
      password: 'correct horse battery staple',
    });
    const organizationId = signup.organization.id;

    // ---- seed the organization straight into the tables
    const seedStarted = Date.now();
    const head = dialect === 'sqlite' ? await readLedgerHeadSqlite(db.sqlitePath, organizationId) : await readLedgerHeadPostgres(db.pgUrl, organizationId);
    const data = generateDataset({ organizationId, contacts: Number(args.contacts), optOuts: Number(args['opt-outs']), now: Date.now(), headSeq: head.seq, headHash: head.hash });
    if (dialect === 'sqlite') seedSqlite(db.sqlitePath, organizationId, data, head);
    else await seedPostgres(db.pgUrl, organizationId, data, head);
    const seedSeconds = (Date.now() - seedStarted) / 1000;
    log(`${dialect}: seeded ${data.contacts.id.length} contacts, ${data.optOuts.contact.length} opt-outs in ${seedSeconds.toFixed(1)} s`);

    const allowed: string[] = [];
    const optedOut: string[] = [];
    data.contacts.phone.forEach((phone, i) => (data.optedOut[i] ? optedOut : allowed).push(phone));
    shuffle(allowed, createRandom(7));
    const ctx: PhaseContext = {
      db,
      bare,
      organizationId,
      auth: { authorization: `Bearer ${signup.apiKey}` },
      data,
      allowed,
      optedOut,
      // Kept out of the STOP storm: the gate's allowed number.
      allowedTo: allowed.pop()!,
      refusedTo: optedOut[0]!,
      duration: DURATION,
      warmup: WARMUP,
      connections: CONNECTIONS,
      checks,
    };
    const result: DialectResult = { dialect, seedSeconds, dbSizeMb: 0, inbound: null, gateRefused: null, gateAllowed: null, bulk: null, search: {}, analytics: null, import: null, dispatch: null, peakRssMb: { real: rssMb(server.child.pid!), bare: rssMb(bare.child.pid!) }, ab: [], ledgerOk: false, checks };

    // With variants, only they are measured (the phases below run on this build otherwise).
    const variants = args.variant.map(parseVariant);
    const phases = variants.length > 0 ? new Set<string>() : PHASES;
    if (phases.has('inbound')) {
      result.inbound = await measureInbound(ctx, server);
      log(`${dialect}: inbound ${result.inbound.real.rps.toFixed(0)} req/s (bare ${result.inbound.bare.rps.toFixed(0)}), p50 ${result.inbound.real.p50} ms, p99 ${result.inbound.real.p99} ms`);
      // The confirmations the storm queued go out before the next phase starts.
      await waitForDispatcher(db);
    }
    if (phases.has('gate') || phases.has('refused')) {
      result.gateRefused = await measureRefused(ctx, server);
      log(`${dialect}: gate 409 ${result.gateRefused.real.rps.toFixed(0)} req/s (bare ${result.gateRefused.bare.rps.toFixed(0)})`);
    }
    if (phases.has('gate')) {
      result.gateAllowed = await measureAllowed(ctx, server);
      log(`${dialect}: gate 201 ${result.gateAllowed.real.rps.toFixed(0)} req/s (bare ${result.gateAllowed.bare.rps.toFixed(0)})`);
      await waitForDispatcher(db);
    }
    if (phases.has('bulk')) {
      result.bulk = await measureBulk(ctx, server);
      log(`${dialect}: bulk check ${result.bulk.real.numbersPerSecond.toFixed(0)} numbers/s (bare ${result.bulk.bare.numbersPerSecond.toFixed(0)}), p50 ${result.bulk.real.p50} ms a request`);
    }
    if (phases.has('search')) {
      result.search = await measureSearch(ctx, server, (category, real) => log(`${dialect}: search ${category}: p50 ${real.p50.toFixed(1)} ms, p95 ${real.p95.toFixed(1)} ms (result sizes ${real.results.join(',')})`));
    }
    result.peakRssMb = { real: rssMb(server.child.pid!), bare: rssMb(bare.child.pid!) };
    if (phases.has('analytics')) result.analytics = await measureAnalytics(ctx, server);
    if (phases.has('dispatch')) {
      result.dispatch = await measureDispatch(ctx, async (dispatcher) => {
        await server.stop();
        server = await startServer({ ...MAIN, env: dispatcher ? {} : { DISPATCHER_ENABLED: 'false' } }, db, workDir);
        return server;
      });
      log(`${dialect}: dispatch of ${result.dispatch.texts} queued texts: ${result.dispatch.sendsPerSecond.toFixed(0)} sends/s (first to last send ${result.dispatch.sendingSeconds.toFixed(1)} s; restart to empty queue ${result.dispatch.drainSeconds.toFixed(1)} s; queued in ${result.dispatch.queueSeconds.toFixed(1)} s)`);
    }
    if (phases.has('import')) {
      result.import = await measureImport(ctx, server, Number(args['import-rows']));
      log(`${dialect}: import of ${result.import.rows.toLocaleString('en-US')} rows (${result.import.megabytes.toFixed(0)} MB): ${result.import.seconds.toFixed(1)} s, ${result.import.imported} imported, ${result.import.skipped} skipped, memory +${result.import.rssGrowthMb.toFixed(0)} MB, slowest /healthz ${result.import.slowestHealthzMs.toFixed(0)} ms`);
    }

    // ---- variants, A/B: the same two hot paths for each in turn, on this database
    for (let round = 1; round <= (variants.length > 0 ? Number(args.rounds) : 0); round += 1) {
      for (const variant of variants) {
        await server.stop();
        server = await startServer(variant, db, workDir);
        const inbound = PHASES.has('inbound') ? await measureInbound(ctx, server) : null;
        if (inbound) await waitForDispatcher(db);
        const refused = PHASES.has('gate') || PHASES.has('refused') ? await measureRefused(ctx, server) : null;
        result.ab.push({ variant: variant.name, round, inbound, refused });
        log(`${dialect}: ${variant.name} round ${round}: STOP ${inbound ? `${inbound.real.rps.toFixed(0)} (bare ${inbound.bare.rps.toFixed(0)}, p99 ${inbound.real.p99} ms)` : '–'}; 409 ${refused ? `${refused.real.rps.toFixed(0)} (bare ${refused.bare.rps.toFixed(0)})` : '–'}`);
      }
    }

    const ledger = await json<{ ok: boolean; checked: number }>(server.url, 'GET', '/api/v1/consent-ledger/verify', ctx.auth);
    result.ledgerOk = ledger.ok;
    if (!ledger.ok) checks.push('consent ledger does not verify');
    result.dbSizeMb = await db.sizeMb();
    const optOutCount = await countOptOuts(db, organizationId);
    const answered = [result.inbound, ...result.ab.map((row) => row.inbound)].reduce((sum, pair) => sum + (pair?.real.statuses['200'] ?? 0), 0);
    const expected = data.optOuts.contact.length + answered + (result.import?.imported ?? 0);
    if (optOutCount < expected) checks.push(`expected at least ${expected} opted-out numbers after the STOP storms, found ${optOutCount}`);
    log(`${dialect}: ${stopsSent()} STOPs sent, ${optOutCount} numbers opted out, ledger ${ledger.ok ? 'verifies' : 'BROKEN'} (${ledger.checked} events)`);
    return result;
  } finally {
    await server.stop();
    if (!args.keep) await db.drop();
    else log(`${dialect}: kept ${dialect === 'sqlite' ? db.sqlitePath : db.pgUrl}`);
  }
}

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
    `Server: ${MAIN.entry.join(' ')} (LOG_LEVEL=${args['log-level'] ?? 'unset: info'}); baseline: bare Fastify (scripts/bench/bare-server.ts) in its own process; ${DURATION} s per measurement after ${WARMUP} s warm-up; autocannon ${CONNECTIONS} connections (bulk check: 4).`,
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
