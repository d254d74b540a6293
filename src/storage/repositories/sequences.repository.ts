import { sql, type SqlBool, type Updateable } from 'kysely';
import { claimRows, lockClaimedRow } from '../claims.js';
import type { Executor, Trx } from '../executor.js';
import { decodeCursor, toPage, type Page } from '../pagination.js';
import type { SequenceEnrollmentRow, SequenceEnrollmentsTable, SequenceRow } from '../schema.js';

/**
 * The predicate of the partial indexes over active enrollments, word for word: SQLite uses a
 * partial index only when the query repeats its WHERE term, and `status = ?` with 'active'
 * bound as a parameter does not (an opt-out then read every enrollment ever made).
 */
export const ACTIVE_ENROLLMENT = sql<SqlBool>`${sql.ref('status')} = 'active'`;

export async function insertSequence(db: Executor, row: SequenceRow): Promise<void> {
  await db.insertInto('sequences').values(row).execute();
}

export async function findSequence(db: Executor, organizationId: string, id: string): Promise<SequenceRow | undefined> {
  return db.selectFrom('sequences').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
}

/** The organization's sequences, newest first. */
export async function listSequences(db: Executor, organizationId: string, limit: number, cursor: string | null): Promise<Page<SequenceRow>> {
  let query = db.selectFrom('sequences').selectAll().where('organization_id', '=', organizationId);
  if (cursor !== null) {
    const [createdAt, id] = decodeCursor(cursor, 2) as [string, string];
    query = query.where((eb) => eb.or([eb('created_at', '<', createdAt), eb.and([eb('created_at', '=', createdAt), eb('id', '<', id)])]));
  }
  const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
  return toPage(rows, limit, (row) => [row.created_at, row.id], (row) => row);
}

export async function insertEnrollment(trx: Trx, row: SequenceEnrollmentRow): Promise<void> {
  await trx.insertInto('sequence_enrollments').values(row).execute();
}

export async function findActiveEnrollment(db: Executor, sequenceId: string, contactId: string): Promise<SequenceEnrollmentRow | undefined> {
  return db
    .selectFrom('sequence_enrollments')
    .selectAll()
    .where('sequence_id', '=', sequenceId)
    .where('contact_id', '=', contactId)
    .where(ACTIVE_ENROLLMENT)
    .executeTakeFirst();
}

/** A sequence's enrollments, oldest first. */
export async function listEnrollments(db: Executor, organizationId: string, sequenceId: string, limit: number, cursor: string | null): Promise<Page<SequenceEnrollmentRow>> {
  let query = db.selectFrom('sequence_enrollments').selectAll().where('organization_id', '=', organizationId).where('sequence_id', '=', sequenceId);
  if (cursor !== null) {
    const [createdAt, id] = decodeCursor(cursor, 2) as [string, string];
    query = query.where((eb) => eb.or([eb('created_at', '>', createdAt), eb.and([eb('created_at', '=', createdAt), eb('id', '>', id)])]));
  }
  const rows = await query.orderBy('created_at').orderBy('id').limit(limit + 1).execute();
  return toPage(rows, limit, (row) => [row.created_at, row.id], (row) => row);
}

/**
 * Marks up to `limit` active enrollments whose next step is due as claimed by
 * this runner. On PostgreSQL rows another instance is claiming are skipped
 * (SKIP LOCKED); a claim older than `staleBefore` belongs to a dead runner.
 */
export async function claimDueEnrollments(db: Executor, claimer: string, now: string, staleBefore: string, limit: number): Promise<string[]> {
  return claimRows(
    db,
    'sequence_enrollments',
    (trx) =>
      trx
        .selectFrom('sequence_enrollments')
        .select('id')
        .where(ACTIVE_ENROLLMENT)
        .where('next_run_at', '<=', now)
        .where((eb) => eb.or([eb('claimed_at', 'is', null), eb('claimed_at', '<', staleBefore)]))
        .orderBy('next_run_at')
        .orderBy('id')
        .limit(limit),
    { claimer, now },
  );
}

/** The number an enrollment texts and calls, read without a lock so the caller can lock that number first. */
export async function peekEnrollmentNumber(db: Executor, id: string): Promise<{ organization_id: string; phone: string } | undefined> {
  return db.selectFrom('sequence_enrollments').select(['organization_id', 'phone']).where('id', '=', id).executeTakeFirst();
}

/** Locks one enrollment (after its number's consent row, never before). */
export async function lockEnrollment(trx: Trx, id: string): Promise<SequenceEnrollmentRow | undefined> {
  return lockClaimedRow(trx, 'sequence_enrollments', id);
}

export async function updateEnrollment(trx: Trx, id: string, changes: Updateable<SequenceEnrollmentsTable>): Promise<void> {
  await trx.updateTable('sequence_enrollments').set(changes).where('id', '=', id).execute();
}

/** Records that an enrollment ran a step; a second run of the same step violates the primary key. */
export async function insertStepRun(trx: Trx, row: { enrollment_id: string; step_index: number; message_id: string | null; call_id: string | null; created_at: string }): Promise<void> {
  await trx.insertInto('sequence_step_runs').values(row).execute();
}

/**
 * Stops every active enrollment of this number. Runs inside the opt-out's
 * transaction, after the number's consent row is locked.
 */
export async function stopActiveEnrollmentsForNumber(trx: Trx, organizationId: string, phone: string, now: string): Promise<number> {
  const result = await trx
    .updateTable('sequence_enrollments')
    .set({ status: 'stopped_opted_out', stop_reason: 'contact_opted_out', next_run_at: null, claimed_at: null, claimed_by: null, stopped_at: now, updated_at: now })
    .where('organization_id', '=', organizationId)
    .where('phone', '=', phone)
    .where(ACTIVE_ENROLLMENT)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** stopActiveEnrollmentsForNumber for many numbers at once (an import). */
export async function stopActiveEnrollmentsForNumbers(trx: Trx, organizationId: string, phones: readonly string[], now: string): Promise<void> {
  for (let i = 0; i < phones.length; i += 500) {
    await trx
      .updateTable('sequence_enrollments')
      .set({ status: 'stopped_opted_out', stop_reason: 'contact_opted_out', next_run_at: null, claimed_at: null, claimed_by: null, stopped_at: now, updated_at: now })
      .where('organization_id', '=', organizationId)
      .where('phone', 'in', phones.slice(i, i + 500))
      .where(ACTIVE_ENROLLMENT)
      .execute();
  }
}
