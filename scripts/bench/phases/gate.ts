/** 2. The send gate: POST /api/v1/messages to an opted-out number (409) and to an allowed one (201, queued, then sent by the dispatcher). */
import { cannon } from '../lib/http.js';
import type { Proc } from '../lib/processes.js';
import type { PhaseContext } from './context.js';
import type { Pair } from './inbound.js';

function load(ctx: PhaseContext, to: string) {
  return { path: '/api/v1/messages', connections: ctx.connections, headers: ctx.auth, body: () => JSON.stringify({ to, body: 'Your quote is ready' }) };
}

export async function measureRefused(ctx: PhaseContext, server: Proc): Promise<Pair> {
  const options = load(ctx, ctx.refusedTo);
  await cannon(ctx.bare.url, { ...options, duration: ctx.warmup });
  const bare = await cannon(ctx.bare.url, { ...options, duration: ctx.duration });
  await cannon(server.url, { ...options, duration: ctx.warmup });
  const real = await cannon(server.url, { ...options, duration: ctx.duration, pid: server.child.pid });
  if (Object.keys(real.statuses).some((code) => code !== '409')) ctx.checks.push(`gate refused: statuses ${JSON.stringify(real.statuses)}`);
  return { real, bare };
}

export async function measureAllowed(ctx: PhaseContext, server: Proc): Promise<Pair> {
  const options = load(ctx, ctx.allowedTo);
  const bare = await cannon(ctx.bare.url, { ...options, duration: ctx.duration });
  await cannon(server.url, { ...options, duration: ctx.warmup });
  const real = await cannon(server.url, { ...options, duration: ctx.duration, pid: server.child.pid });
  if (Object.keys(real.statuses).some((code) => code !== '201')) ctx.checks.push(`gate allowed: statuses ${JSON.stringify(real.statuses)}`);
  return { real, bare };
}
