/**
 * Dispatch: 20,000 texts queued through POST /api/v1/messages (the gate) while the dispatcher is off,
 * then the server restarted with it on: measured from the restart to an empty queue, every text
 * re-checked under its number's lock and handed to the built-in console provider (which records the
 * send and contacts nobody, the fake provider of this bench).
 */
import { request } from '../lib/http.js';
import type { Proc } from '../lib/processes.js';
import { sleep } from '../lib/util.js';
import type { PhaseContext } from './context.js';

export interface DispatchResult {
  texts: number;
  queueSeconds: number;
  /** From the restart to an empty queue, start-up included. */
  drainSeconds: number;
  /** From the first send to the last (their sent_at): the dispatcher's own rate. */
  sendingSeconds: number;
  sendsPerSecond: number;
}

const PENDING = "select count(*) as n from messages where status in ('queued', 'sending') and direction = 'outbound'";
const SENT = "select count(*) as n from messages where status = 'sent' and direction = 'outbound'";

/** `restart(dispatcher)` stops the server and starts it again with the dispatcher on or off. */
export async function measureDispatch(ctx: PhaseContext, restart: (dispatcher: boolean) => Promise<Proc>, texts = 20_000): Promise<DispatchResult> {
  let server = await restart(false);
  const sentBefore = await ctx.db.count(SENT);
  // Numbers from the end of the allowed list: the STOP storm takes its numbers from the front.
  const numbers = ctx.allowed.slice(-texts);
  const queueStarted = performance.now();
  let next = 0;
  const statuses: Record<string, number> = {};
  await Promise.all(
    Array.from({ length: ctx.connections }, async () => {
      while (next < numbers.length) {
        const to = numbers[next++]!;
        const res = await request(server.url, 'POST', '/api/v1/messages', ctx.auth, JSON.stringify({ to, body: 'Your quote is ready — reply STOP to opt out.' }));
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      }
    }),
  );
  const queueSeconds = (performance.now() - queueStarted) / 1000;
  if ((statuses['201'] ?? 0) !== numbers.length) ctx.checks.push(`dispatch: queueing answered ${JSON.stringify(statuses)}`);
  const queued = await ctx.db.count(PENDING);
  const queueEndedAt = new Date().toISOString();
  const drainStarted = performance.now();
  server = await restart(true);
  for (;;) {
    if ((await ctx.db.count(PENDING)) === 0) break;
    if (performance.now() - drainStarted > 600_000) throw new Error('dispatch: the queue did not drain in 10 minutes');
    await sleep(100);
  }
  const drainSeconds = (performance.now() - drainStarted) / 1000;
  const sent = (await ctx.db.count(SENT)) - sentBefore;
  if (sent < numbers.length) ctx.checks.push(`dispatch: ${sent} of ${numbers.length} texts sent`);
  const span =
    ctx.db.dialect === 'sqlite'
      ? "select cast((julianday(max(sent_at)) - julianday(min(sent_at))) * 86400000 as integer) as n from messages where status = 'sent' and direction = 'outbound' and sent_at >= ?"
      : "select cast(extract(epoch from (max(sent_at::timestamptz) - min(sent_at::timestamptz))) * 1000 as integer) as n from messages where status = 'sent' and direction = 'outbound' and sent_at >= ?";
  const sendingSeconds = Math.max(0.001, (await ctx.db.count(span, [queueEndedAt])) / 1000);
  return { texts: queued, queueSeconds, drainSeconds, sendingSeconds, sendsPerSecond: queued / sendingSeconds };
}
