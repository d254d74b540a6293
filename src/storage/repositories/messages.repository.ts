import { claimRows, lockClaimedRow } from '../claims.js';
import type { Executor, Trx } from '../executor.js';
import type { MessageRow, MessagesTable, NewMessageRow } from '../schema.js';
import { sql, type SqlBool, type Updateable } from 'kysely';

/**
 * The predicate of the partial indexes over pending messages, word for word.
 * SQLite uses a partial index only when the query repeats the index's WHERE
 * term exactly (it does not see that status IN ('queued') implies it), so
 * every query over pending rows adds it; without it each one scans the whole
 * table. PostgreSQL proves the implication itself; the term costs it nothing.
 */
export const PENDING_MESSAGE = sql<SqlBool>`${sql.ref('status')} in ('queued', 'scheduled', 'sending')`;
/** The predicate of the partial indexes over pending calls, word for word (see PENDING_MESSAGE). */
export const PENDING_CALL = sql<SqlBool>`${sql.ref('status')} in ('queued', 'sending')`;

export async function insertMessage(db: Executor, row: NewMessageRow): Promise<MessageRow> {
  return db.insertInto('messages').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findMessageById(db: Executor, organizationId: string, id: string): Promise<MessageRow | undefined> {
  return db.selectFrom('messages').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
}

export async function findInboundByProviderMessageId(db: Executor, organizationId: string, providerMessageId: string): Promise<MessageRow | undefined> {
  return db
    .selectFrom('messages')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('direction', '=', 'inbound')
    .where('provider_message_id', '=', providerMessageId)
    .executeTakeFirst();
}

export async function findReplyTo(db: Executor, organizationId: string, inboundId: string): Promise<MessageRow | undefined> {
  return db
    .selectFrom('messages')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('in_reply_to_id', '=', inboundId)
    .executeTakeFirst();
}

export async function findOutboundByProviderMessageId(db: Executor, providerMessageId: string): Promise<MessageRow | undefined> {
  return db
    .selectFrom('messages')
    .selectAll()
    .where('direction', '=', 'outbound')
    .where('provider_message_id', '=', providerMessageId)
    .executeTakeFirst();
}

/**
 * Cancels every message and call to this number that has not been handed to
 * a provider yet. Runs inside the opt-out's transaction, after the number's
 * consent row is locked.
 */
export async function cancelPendingOutreach(trx: Trx, organizationId: string, phone: string, now: string, reason: string): Promise<{ messages: number; calls: number }> {
  const messages = await trx
    .updateTable('messages')
    .set({ status: 'canceled', error_code: 'contact_opted_out', error_message: reason, updated_at: now })
    .where('organization_id', '=', organizationId)
    .where('to_number', '=', phone)
    .where('direction', '=', 'outbound')
    .where('status', 'in', ['queued', 'scheduled'])
    .where(PENDING_MESSAGE)
    .executeTakeFirst();
  const calls = await trx
    .updateTable('calls')
    .set({ status: 'canceled', error_code: 'contact_opted_out', error_message: reason, updated_at: now })
    .where('organization_id', '=', organizationId)
    .where('to_number', '=', phone)
    .where('status', '=', 'queued')
    .where(PENDING_CALL)
    .executeTakeFirst();
  return { messages: Number(messages.numUpdatedRows), calls: Number(calls.numUpdatedRows) };
}

/** Makes sends held back for a review due again at once (the review found no revocation). */
export async function releaseHeldOutreach(trx: Trx, organizationId: string, phone: string): Promise<void> {
  await trx
    .updateTable('messages')
    .set({ next_attempt_at: null })
    .where('organization_id', '=', organizationId)
    .where('to_number', '=', phone)
    .where('direction', '=', 'outbound')
    .where('status', 'in', ['queued', 'scheduled'])
    .execute();
  await trx.updateTable('calls').set({ next_attempt_at: null }).where('organization_id', '=', organizationId).where('to_number', '=', phone).where('status', '=', 'queued').execute();
}

/**
 * Marks up to `limit` due messages as claimed by this dispatcher. On
 * PostgreSQL rows another instance is claiming are skipped (SKIP LOCKED), and
 * a claim older than `staleBefore` is taken over (its claimer died).
 */
export async function claimDueMessages(db: Executor, claimer: string, now: string, staleBefore: string, limit: number): Promise<string[]> {
  return claimRows(
    db,
    'messages',
    (trx) =>
      trx
        .selectFrom('messages')
        .select('id')
        .where('status', 'in', ['queued', 'scheduled'])
        .where(PENDING_MESSAGE)
        .where((eb) => eb.or([eb('send_at', 'is', null), eb('send_at', '<=', now)]))
        .where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', now)]))
        .where((eb) => eb.or([eb('claimed_at', 'is', null), eb('claimed_at', '<', staleBefore)]))
        .orderBy('send_at')
        .orderBy('id')
        .limit(limit),
    { claimer, now },
  );
}

/** Locks one message row (after its number's consent row, never before). */
export async function lockMessage(trx: Trx, id: string): Promise<MessageRow | undefined> {
  return lockClaimedRow(trx, 'messages', id);
}

export async function updateMessage(db: Executor, id: string, changes: Updateable<MessagesTable>): Promise<void> {
  await db.updateTable('messages').set(changes).where('id', '=', id).execute();
}

/** Messages stuck in "sending" since before `staleBefore`: their dispatcher died mid-send. */
export async function findStaleSendingMessages(db: Executor, staleBefore: string, limit: number): Promise<MessageRow[]> {
  return db
    .selectFrom('messages')
    .selectAll()
    .where('status', '=', 'sending')
    .where(PENDING_MESSAGE)
    .where('claimed_at', '<', staleBefore)
    .orderBy('claimed_at')
    .limit(limit)
    .execute();
}
