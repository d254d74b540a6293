/** The figures operators watch that live in the database, read when /metrics is scraped. */
import { sql } from 'kysely';
import type { Executor } from '../executor.js';
import { PENDING_CALL, PENDING_MESSAGE } from './messages.repository.js';

export interface QueueSummary {
  depth: number;
  /** When the longest-waiting item became due; null when nothing is due. */
  oldestDueAt: string | null;
}

/**
 * Texts and calls the dispatcher should have sent by `now`: due, not yet
 * handed to a provider. Reads the same rows the dispatcher's claim reads.
 */
export async function summarizeDueOutreach(db: Executor, now: string): Promise<QueueSummary> {
  const messages = await db
    .selectFrom('messages')
    .select((eb) => [eb.fn.countAll<number>().as('depth'), sql<string | null>`min(coalesce(next_attempt_at, send_at, created_at))`.as('oldest')])
    .where('direction', '=', 'outbound')
    // PENDING_MESSAGE lets SQLite read the partial index of pending messages instead of the whole table.
    .where(PENDING_MESSAGE)
    .where('status', 'in', ['queued', 'scheduled'])
    .where((eb) => eb.or([eb('send_at', 'is', null), eb('send_at', '<=', now)]))
    .where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', now)]))
    .executeTakeFirstOrThrow();
  const calls = await db
    .selectFrom('calls')
    .select((eb) => [eb.fn.countAll<number>().as('depth'), sql<string | null>`min(coalesce(next_attempt_at, created_at))`.as('oldest')])
    .where(PENDING_CALL)
    .where('status', '=', 'queued')
    .where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', now)]))
    .executeTakeFirstOrThrow();
  const oldest = [messages.oldest, calls.oldest].filter((at): at is string => at !== null).sort()[0] ?? null;
  return { depth: Number(messages.depth) + Number(calls.depth), oldestDueAt: oldest };
}

/** Webhook deliveries not yet made (waiting for their turn, their backoff, or the worker). */
export async function summarizePendingWebhooks(db: Executor): Promise<QueueSummary> {
  const row = await db
    .selectFrom('webhook_deliveries')
    .select((eb) => [eb.fn.countAll<number>().as('depth'), eb.fn.min('event_created_at').as('oldest')])
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
  return { depth: Number(row.depth), oldestDueAt: (row.oldest as string | null) ?? null };
}
