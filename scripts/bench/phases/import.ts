/**
 * Import: a 1,000,000-row opt-out CSV (a list migrated from another platform) posted to
 * POST /api/v1/opt-outs/imports as one text/csv body, then GET …/imports/:id polled until it is
 * completed. Measured: seconds from the first byte sent to "completed", the server's growth in
 * anonymous memory (heap and buffers; SQLite's mapped file pages are not the import's), and the
 * slowest /healthz answer seen while the job ran (the event loop must keep answering).
 */
import http from 'node:http';
import { json, request } from '../lib/http.js';
import { rssMb, type Proc } from '../lib/processes.js';
import { sleep } from '../lib/util.js';
import type { PhaseContext } from './context.js';

export interface ImportResult {
  rows: number;
  megabytes: number;
  seconds: number;
  imported: number;
  skipped: number;
  rssGrowthMb: number;
  slowestHealthzMs: number;
}

/** n rows of distinct, valid US numbers (area codes 201–900, a 7-digit counter after them). */
export function importCsv(rows: number): Buffer {
  const parts: string[] = ['phone,reason\n'];
  for (let i = 0; i < rows; i += 1) {
    const area = 201 + (i % 700);
    const line = String(10_000_000 + Math.floor(i / 700)).slice(1);
    parts.push(`+1${area}${line},migrated from the old platform\n`);
  }
  return Buffer.from(parts.join(''));
}

export async function measureImport(ctx: PhaseContext, server: Proc, rows = 1_000_000): Promise<ImportResult> {
  const body = importCsv(rows);
  const pid = server.child.pid!;
  const before = rssMb(pid).anon;
  let peak = before;
  const started = performance.now();
  // A socket of its own: a kept-alive one may have been closed by the server during the seeding.
  const posted = await new Promise<{ status: number; body: string }>((done, fail) => {
    const req = http.request(`${server.url}/api/v1/opt-outs/imports?fileName=bench.csv`, { method: 'POST', agent: false, headers: { ...ctx.auth, 'content-type': 'text/csv', 'content-length': String(body.length) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end(body);
  });
  if (posted.status !== 202) throw new Error(`import: POST answered ${posted.status} ${posted.body.slice(0, 300)}`);
  const { id } = JSON.parse(posted.body) as { id: string };
  let slowestHealthzMs = 0;
  let job: { status: string; processed: number; imported: number; skipped: number; failure: string | null };
  for (;;) {
    const t0 = performance.now();
    const health = await request(server.url, 'GET', '/healthz', {});
    slowestHealthzMs = Math.max(slowestHealthzMs, performance.now() - t0);
    if (health.status !== 200) ctx.checks.push(`import: /healthz answered ${health.status} during the import`);
    job = await json(server.url, 'GET', `/api/v1/opt-outs/imports/${id}`, ctx.auth);
    peak = Math.max(peak, rssMb(pid).anon);
    if (job.status !== 'running') break;
    await sleep(200);
  }
  const seconds = (performance.now() - started) / 1000;
  if (job.status !== 'completed') ctx.checks.push(`import: job ended ${job.status}: ${job.failure}`);
  if (job.processed !== rows) ctx.checks.push(`import: processed ${job.processed} of ${rows} rows`);
  return { rows, megabytes: body.length / 1024 ** 2, seconds, imported: job.imported, skipped: job.skipped, rssGrowthMb: peak - before, slowestHealthzMs };
}
