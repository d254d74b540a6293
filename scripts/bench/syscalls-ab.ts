/**
 * System calls and server CPU per inbound STOP, for several builds of the server, measured one after
 * another under `strace -c -f` (counts) and without it (CPU): figures that barely depend on what else
 * the machine is doing, unlike throughput. Each build gets a fresh SQLite database; the STOPs come from
 * new numbers (a contact and a consent row created for each), 20 at a time.
 *
 *   npx tsx scripts/bench/syscalls-ab.ts [--kind stop|refused] [--stops 3000] name=dist/ab/<build> …
 * (--kind refused: sends to one opted-out number, answered 409; --stops is then the number of sends)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { json, request, agent } from './lib/http.js';
import { cpuSeconds, freePort, ROOT } from './lib/processes.js';
import { sleep } from './lib/util.js';

const { values: args, positionals } = parseArgs({ options: { stops: { type: 'string', default: '3000' }, kind: { type: 'string', default: 'stop' }, db: { type: 'string', default: 'sqlite' } }, allowPositionals: true });
const STOPS = Number(args.stops);

async function measure(name: string, dir: string, traced: boolean): Promise<{ cpuUs: number; calls: Record<string, number> }> {
  const work = mkdtempSync(join(tmpdir(), 'optout-sc-'));
  const port = await freePort();
  const trace = join(work, 'strace.txt');
  const node = ['node', join(resolve(dir), 'main.js')];
  const command = traced ? ['strace', '-f', '-c', '-o', trace, ...node] : node;
  const databaseUrl = args.db === 'sqlite' ? `sqlite:${join(work, 'db.sqlite')}` : String(args.db);
  const child = spawn(command[0]!, command.slice(1), { cwd: ROOT, env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', DATA_DIR: work, SECRET_KEY: 'a'.repeat(64), NODE_ENV: 'production' }, stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i += 1) {
    if ((await request(url, 'GET', '/healthz', {}).catch(() => ({ status: 0 }))).status === 200) break;
    await sleep(100);
  }
  const signup = await json<{ apiKey: string }>(url, 'POST', '/api/v1/signup', {}, { organization: `Org ${name}`, name: 'O', email: `o.${Date.now()}@x.example`, password: 'correct horse battery staple' });
  // The server's own pid: under strace it is strace's child.
  const serverPid = traced ? Number(readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(' ')[0]) : child.pid!;
  let n = 0;
  const auth = { authorization: `Bearer ${signup.apiKey}` };
  await json(url, 'POST', '/api/v1/messages/inbound', auth, { from: '+14155550000', body: 'STOP' });
  // --kind stop: inbound STOPs from new numbers; --kind refused: sends to the opted-out number (409).
  const path = args.kind === 'stop' ? '/api/v1/messages/inbound' : '/api/v1/messages';
  const body = () => (args.kind === 'stop' ? JSON.stringify({ from: `+1415${2_000_000 + n++}`, body: 'STOP' }) : JSON.stringify({ to: '+14155550000', body: 'Your quote is ready' }));
  const run = (amount: number) =>
    autocannon({
      url,
      connections: 20,
      amount,
      requests: [{ method: 'POST', path, headers: { ...auth, 'content-type': 'application/json' }, setupRequest: (req) => ({ ...req, body: body() }) }],
    });
  await run(500); // warm
  const before = cpuSeconds(serverPid);
  const result = await run(STOPS);
  const cpuUs = ((cpuSeconds(serverPid) - before) * 1e6) / STOPS;
  const expected = args.kind === 'stop' ? '200' : '409';
  const answered = Object.entries(result.statusCodeStats ?? {}).filter(([code]) => code !== expected);
  if (answered.length > 0) throw new Error(`${name}: answers other than ${expected}: ${JSON.stringify(answered)}`);
  await sleep(1500); // the confirmations go out
  const exited = new Promise((done) => child.once('exit', done));
  process.kill(serverPid, 'SIGTERM');
  await exited;
  const calls: Record<string, number> = {};
  if (traced) {
    for (const line of readFileSync(trace, 'utf8').split('\n')) {
      const m = /^\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(?:\d+\s+)?(\w+)$/.exec(line);
      if (m) calls[m[2]!] = Number(m[1]) / (STOPS + 500);
    }
  }
  return { cpuUs, calls };
}

const rows: string[] = [];
for (const spec of positionals) {
  const [name, dir] = spec.split('=') as [string, string];
  const plain = await measure(name, dir, false);
  const traced = await measure(name, dir, true);
  const pick = (k: string) => (traced.calls[k] ?? 0).toFixed(1);
  rows.push(`| ${name} | ${Math.round(plain.cpuUs)} | ${pick('pwrite64')} | ${pick('pread64')} | ${pick('fdatasync')} | ${pick('fsync')} | ${pick('writev')} | ${pick('sendto')} | ${pick('recvfrom')} |`);
  process.stderr.write(`${rows.at(-1)}\n`);
}
agent.destroy();
process.stdout.write([`| Build | server CPU µs a request (${args.kind}) | pwrite64 a request | pread64 | fdatasync | fsync | writev | sendto | recvfrom |`, '| --- | --- | --- | --- | --- | --- | --- | --- | --- |', ...rows].join('\n') + '\n');
