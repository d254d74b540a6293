/** 1. The inbound STOP storm: each STOP from a different number with a contact (a campaign's replies), a durable write each. */
import { cannon, type Throughput } from '../lib/http.js';
import type { Proc } from '../lib/processes.js';
import type { PhaseContext } from './context.js';

export interface Pair {
  real: Throughput;
  bare: Throughput;
}

let next = 0;
let synthetic = 0;

/** How many STOPs this process has sent to the real server so far. */
export function stopsSent(): number {
  return next;
}

export async function measureInbound(ctx: PhaseContext, server: Proc): Promise<Pair> {
  const load = (from: () => string) => ({ path: '/api/v1/messages/inbound', connections: ctx.connections, headers: ctx.auth, body: () => JSON.stringify({ from: from(), body: 'STOP' }) });
  const realStop = load(() => ctx.allowed[next++ % ctx.allowed.length]!);
  const bareStop = load(() => `+1415${String(2_000_000 + (synthetic++ % 8_000_000))}`);
  await cannon(ctx.bare.url, { ...bareStop, duration: ctx.warmup });
  const bare = await cannon(ctx.bare.url, { ...bareStop, duration: ctx.duration });
  await cannon(server.url, { ...realStop, duration: ctx.warmup });
  const real = await cannon(server.url, { ...realStop, duration: ctx.duration, pid: server.child.pid });
  if (Object.keys(real.statuses).some((code) => code !== '200') || real.errors > 0) ctx.checks.push(`inbound: statuses ${JSON.stringify(real.statuses)}, errors ${real.errors}`);
  return { real, bare };
}
