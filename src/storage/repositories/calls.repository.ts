import { claimRows, lockClaimedRow } from '../claims.js';
import type { Executor, Trx } from '../executor.js';
import type { CallRow, NewCallRow } from '../schema.js';
import type { OutboundPurpose } from '../../domain/send-gate.js';
import { PENDING_CALL, unsent } from './messages.repository.js';
import type { SenderRoute } from './numbers.repository.js';

export interface OutboundCallFields {
  id: string;
  organizationId: string;
  contactId: string | null;
  to: string;
  purpose: OutboundPurpose;
  sender: SenderRoute;
  createdByUserId: string | null;
  now: string;
}

/** A call as first queued: nothing tried, nothing claimed. */
export function newOutboundCall(fields: OutboundCallFields): NewCallRow {
  return {
    ...unsent(fields),
    from_number: fields.sender.from,
    to_number: fields.to,
    status: 'queued',
    purpose: fields.purpose,
    provider: fields.sender.provider,
    provider_call_id: null,
    created_by_user_id: fields.createdByUserId,
  };
}

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
