/**
 * The life of a queued text or call after it is written: each state the
 * dispatcher moves it through, and what an opt-out or a review decision does
 * to every pending one of a number. Texts and calls share these columns.
 */
import { sql, type Selectable, type Updateable, type UpdateQueryBuilder, type UpdateResult } from 'kysely';
import type { Executor, Trx } from '../executor.js';
import type { CallStatus, Database, MessagesTable } from '../schema.js';
import { PENDING_CALL, PENDING_MESSAGE } from './messages.repository.js';

export type OutreachTable = 'messages' | 'calls';

/** The columns texts and calls share, with the statuses both have. */
type OutreachChanges = Omit<Updateable<MessagesTable>, 'status'> & { status?: 'queued' | 'sending' | 'failed' | 'canceled' };

/** Kysely cannot type an update over a union of tables; the changes name only columns both tables have. */
async function updateOutreach(db: Executor, table: OutreachTable, id: string, changes: OutreachChanges): Promise<void> {
  await db.updateTable(table as 'messages').set(changes).where('id', '=', id).execute();
}

/** A text or call by id alone: the dispatcher's own claimed row. */
export async function findOutreachById<T extends OutreachTable>(db: Executor, table: T, id: string): Promise<Selectable<Database[T]> | undefined> {
  return (await db.selectFrom(table as 'messages').selectAll().where('id', '=', id).executeTakeFirst()) as Selectable<Database[T]> | undefined;
}

/** Marks the send attempted, just before the provider is called: from here on it is never sent again blindly. */
export async function markSending(trx: Trx, table: OutreachTable, id: string, attempts: number, now: string): Promise<void> {
  await updateOutreach(trx, table, id, { status: 'sending', attempts, claimed_at: now, updated_at: now });
}

/** The provider took the text. `attempts` is given when an earlier try turned out to have got through. */
export async function markMessageSent(db: Executor, id: string, providerMessageId: string, now: string, attempts?: number): Promise<void> {
  await db
    .updateTable('messages')
    .set({ status: 'sent', provider_message_id: providerMessageId, sent_at: now, claimed_by: null, updated_at: now, error_code: null, error_message: null, ...(attempts === undefined ? {} : { attempts }) })
    .where('id', '=', id)
    .execute();
}

/** The provider started the call. */
export async function markCallPlaced(db: Executor, id: string, providerCallId: string, now: string, attempts?: number): Promise<void> {
  await db
    .updateTable('calls')
    // A status callback ("ringing") can beat this write by a moment; it is not moved back to "initiated".
    .set({ status: sql<CallStatus>`case when ${sql.ref('status')} in ('queued', 'sending') then 'initiated' else ${sql.ref('status')} end`, provider_call_id: providerCallId, claimed_by: null, updated_at: now, error_code: null, error_message: null, ...(attempts === undefined ? {} : { attempts }) })
    .where('id', '=', id)
    .execute();
}

export interface Retry {
  attempts: number;
  nextAttemptAt: string;
  errorCode: string | null;
  errorMessage: string;
}

/** Puts a send back in the queue and releases its claim: for a retry, when given, not before `nextAttemptAt`. */
export async function requeue(db: Executor, table: OutreachTable, id: string, now: string, retry?: Retry): Promise<void> {
  const again = retry ? { attempts: retry.attempts, next_attempt_at: retry.nextAttemptAt, error_code: retry.errorCode, error_message: retry.errorMessage } : {};
  await updateOutreach(db, table, id, { status: 'queued', ...again, claimed_at: null, claimed_by: null, updated_at: now });
}

export interface Failure {
  errorCode: string | null;
  errorMessage: string;
  attempts?: number;
}

/** A send that will not be tried again. */
export async function markFailed(db: Executor, table: OutreachTable, id: string, now: string, failure: Failure): Promise<void> {
  const attempts = failure.attempts === undefined ? {} : { attempts: failure.attempts };
  await updateOutreach(db, table, id, { status: 'failed', ...attempts, error_code: failure.errorCode, error_message: failure.errorMessage, claimed_by: null, updated_at: now });
}

export const OPTED_OUT_BEFORE_SENT = 'The number opted out before this was sent.';

/** The dispatcher's last check found the number opted out. */
export async function cancelOptedOut(trx: Trx, table: OutreachTable, id: string, now: string): Promise<void> {
  await updateOutreach(trx, table, id, { status: 'canceled', error_code: 'contact_opted_out', error_message: OPTED_OUT_BEFORE_SENT, updated_at: now });
}

/** A reply from the number awaits review: the send waits, unclaimed, until `until` (or a release). */
export async function holdForReview(trx: Trx, table: OutreachTable, id: string, until: string, now: string): Promise<void> {
  await updateOutreach(trx, table, id, { next_attempt_at: until, claimed_at: null, claimed_by: null, updated_at: now });
}

/**
 * Cancels every message and call to this number that has not been handed to
 * a provider yet. Runs inside the opt-out's transaction, after the number's
 * consent row is locked.
 */
export async function cancelPendingOutreach(trx: Trx, organizationId: string, phone: string, now: string, reason: string): Promise<{ messages: number; calls: number }> {
  const canceled = { status: 'canceled' as const, error_code: 'contact_opted_out', error_message: reason, updated_at: now };
  const messages = await pendingMessagesTo(trx.updateTable('messages').set(canceled), organizationId, phone).where(PENDING_MESSAGE).executeTakeFirst();
  const calls = await pendingCallsTo(trx.updateTable('calls').set(canceled), organizationId, phone).where(PENDING_CALL).executeTakeFirst();
  return { messages: Number(messages.numUpdatedRows), calls: Number(calls.numUpdatedRows) };
}

/** Makes sends held back for a review due again at once (the review found no revocation). */
export async function releaseHeldOutreach(trx: Trx, organizationId: string, phone: string): Promise<void> {
  await pendingMessagesTo(trx.updateTable('messages').set({ next_attempt_at: null }), organizationId, phone).execute();
  await pendingCallsTo(trx.updateTable('calls').set({ next_attempt_at: null }), organizationId, phone).execute();
}

type Pending<T extends OutreachTable> = UpdateQueryBuilder<Database, T, T, UpdateResult>;

/** The number's outbound texts not yet handed to a provider. */
function pendingMessagesTo(query: Pending<'messages'>, organizationId: string, phone: string): Pending<'messages'> {
  return query.where('organization_id', '=', organizationId).where('to_number', '=', phone).where('direction', '=', 'outbound').where('status', 'in', ['queued', 'scheduled']);
}

/** The number's calls not yet handed to a provider. */
function pendingCallsTo(query: Pending<'calls'>, organizationId: string, phone: string): Pending<'calls'> {
  return query.where('organization_id', '=', organizationId).where('to_number', '=', phone).where('status', '=', 'queued');
}

/** Numbers per statement in the bulk variants below. */
const NUMBERS_PER_STATEMENT = 500;

/** cancelPendingOutreach for many numbers at once (an import), a few statements in all. */
export async function cancelPendingOutreachForNumbers(trx: Trx, organizationId: string, phones: readonly string[], now: string, reason: string): Promise<void> {
  const canceled = { status: 'canceled' as const, error_code: 'contact_opted_out', error_message: reason, updated_at: now };
  for (let i = 0; i < phones.length; i += NUMBERS_PER_STATEMENT) {
    const some = phones.slice(i, i + NUMBERS_PER_STATEMENT);
    await trx.updateTable('messages').set(canceled)
      .where('organization_id', '=', organizationId).where('to_number', 'in', some).where('direction', '=', 'outbound').where('status', 'in', ['queued', 'scheduled'])
      .where(PENDING_MESSAGE).execute();
    await trx.updateTable('calls').set(canceled)
      .where('organization_id', '=', organizationId).where('to_number', 'in', some).where('status', '=', 'queued')
      .where(PENDING_CALL).execute();
  }
}
