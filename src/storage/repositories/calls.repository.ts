import { claimRows, lockClaimedRow } from '../claims.js';
import type { Executor, Trx } from '../executor.js';
import type { CallRow, CallsTable, NewCallRow } from '../schema.js';
import type { Updateable } from 'kysely';
import { PENDING_CALL } from './messages.repository.js';

export async function insertCall(db: Executor, row: NewCallRow): Promise<CallRow> {
  return db.insertInto('calls').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findCallById(db: Executor, organizationId: string, id: string): Promise<CallRow | undefined> {
  return db.selectFrom('calls').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
}

export async function claimDueCalls(db: Executor, claimer: string, now: string, staleBefore: string, limit: number): Promise<string[]> {
  return claimRows(
    db,
    'calls',
    (trx) =>
      trx
        .selectFrom('calls')
        .select('id')
        .where('status', '=', 'queued')
        .where(PENDING_CALL)
        .where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', now)]))
        .where((eb) => eb.or([eb('claimed_at', 'is', null), eb('claimed_at', '<', staleBefore)]))
        .orderBy('created_at')
        .orderBy('id')
        .limit(limit),
    { claimer, now },
  );
}

export async function lockCall(trx: Trx, id: string): Promise<CallRow | undefined> {
  return lockClaimedRow(trx, 'calls', id);
}

export async function updateCall(db: Executor, id: string, changes: Updateable<CallsTable>): Promise<void> {
  await db.updateTable('calls').set(changes).where('id', '=', id).execute();
}

export async function findStaleSendingCalls(db: Executor, staleBefore: string, limit: number): Promise<CallRow[]> {
  return db
    .selectFrom('calls')
    .selectAll()
    .where('status', '=', 'sending')
    .where(PENDING_CALL)
    .where('claimed_at', '<', staleBefore)
    .orderBy('claimed_at')
    .limit(limit)
    .execute();
}
