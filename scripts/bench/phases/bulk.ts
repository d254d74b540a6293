/** 3. The bulk check: 10,000 E.164 numbers a request, a fifth of them opted out, 4 connections. */
import { createRandom } from '../dataset.js';
import { cannon, json, type Throughput } from '../lib/http.js';
import type { Proc } from '../lib/processes.js';
import type { PhaseContext } from './context.js';

export type BulkThroughput = Throughput & { numbersPerSecond: number };

export async function measureBulk(ctx: PhaseContext, server: Proc): Promise<{ real: BulkThroughput; bare: BulkThroughput }> {
  const random = createRandom(11);
  const { allowed, optedOut } = ctx;
  const bodies = Array.from({ length: 8 }, () =>
    JSON.stringify({ phones: Array.from({ length: 10_000 }, (_, i) => (i % 5 === 0 ? optedOut[Math.floor(random() * optedOut.length)]! : allowed[Math.floor(random() * allowed.length)]!)) }),
  );
  let b = 0;
  const options = { path: '/api/v1/opt-outs/check', connections: 4, headers: ctx.auth, body: () => bodies[b++ % bodies.length]! };
  const bare = await cannon(ctx.bare.url, { ...options, duration: ctx.duration });
  await cannon(server.url, { ...options, duration: ctx.warmup });
  const real = await cannon(server.url, { ...options, duration: ctx.duration, pid: server.child.pid });
  if (Object.keys(real.statuses).some((code) => code !== '200')) ctx.checks.push(`bulk check: statuses ${JSON.stringify(real.statuses)}`);
  const firstBody = JSON.parse(bodies[0]!) as { phones: string[] };
  const optedOutSet = new Set(optedOut);
  const expectedOut = new Set(firstBody.phones.filter((phone) => optedOutSet.has(phone))).size;
  const sample = await json<{ optedOut: string[] }>(server.url, 'POST', '/api/v1/opt-outs/check', ctx.auth, firstBody);
  // Numbers that texted STOP in phase 1 are opted out now too, so at least the seeded ones come back.
  if (sample.optedOut.length < expectedOut) ctx.checks.push(`bulk check found ${sample.optedOut.length} opted-out numbers, expected at least ${expectedOut}`);
  return { real: { ...real, numbersPerSecond: real.rps * 10_000 }, bare: { ...bare, numbersPerSecond: bare.rps * 10_000 } };
}
