import type { Selectable, SelectQueryBuilder } from 'kysely';
import { isPostgres, type Executor, type Trx } from './executor.js';
import type { Database } from './schema.js';

/** Tables whose rows dispatchers claim: outbound messages, calls, sequence enrollments. */
export type ClaimableTable = 'messages' | 'calls' | 'sequence_enrollments';

/**
 * The claiming step of every dispatcher queue: in one short transaction,
 * select the ids of due rows — on PostgreSQL skipping rows another instance
 * is claiming right now (FOR UPDATE SKIP LOCKED) — and stamp them with this
 * claimer, so several instances share the work without sending anything twice.
 */
export async function claimRows(
  db: Executor,
  table: ClaimableTable,
  selectDueIds: (trx: Trx) => SelectQueryBuilder<Database, ClaimableTable, { id: string }>,
  claim: { claimer: string; now: string },
): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    let query = selectDueIds(trx);
    if (isPostgres(trx)) query = query.forUpdate().skipLocked();
    const ids = (await query.execute()).map((row) => row.id);
    if (ids.length > 0) {
      // The three tables share the claim columns; Kysely cannot type an update over a union of tables.
      await trx.updateTable(table as 'messages').set({ claimed_at: claim.now, claimed_by: claim.claimer }).where('id', 'in', ids).execute();
    }
    return ids;
  });
}

/** Locks one claimed row for the rest of the transaction (after its number's consent row, never before). */
export async function lockClaimedRow<T extends ClaimableTable>(trx: Trx, table: T, id: string): Promise<Selectable<Database[T]> | undefined> {
  let query = trx.selectFrom(table as 'messages').selectAll().where('id', '=', id);
  if (isPostgres(trx)) query = query.forUpdate();
  return (await query.executeTakeFirst()) as Selectable<Database[T]> | undefined;
}
