import { claimRows, lockClaimedRow } from '../claims.js';
import type { Executor, Trx } from '../executor.js';
import type { CallKind, CallRow, CallStatus, NewCallRow } from '../schema.js';
import type { OutboundPurpose } from '../../domain/send-gate.js';
import { statusesBefore } from '../../domain/voice-call.js';
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
  kind: Exclude<CallKind, 'inbound'>;
  /** bridge: the agent's phone, rung first. */
  connectTo?: string | null;
  voiceMessage?: string | null;
  audioUrl?: string | null;
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
    kind: fields.kind,
    direction: 'outbound',
    connect_to: fields.connectTo ?? null,
    voice_message: fields.voiceMessage ?? null,
    audio_url: fields.audioUrl ?? null,
  };
}

/** A call a person made to the organization's number, answered by the voice webhook. */
export function newInboundCall(fields: { id: string; organizationId: string; contactId: string; from: string; to: string; providerCallId: string; now: string }): NewCallRow {
  return {
    ...unsent(fields),
    from_number: fields.from,
    to_number: fields.to,
    status: 'in-progress',
    purpose: 'inbound',
    provider: 'twilio',
    provider_call_id: fields.providerCallId,
    created_by_user_id: null,
    kind: 'inbound',
    direction: 'inbound',
  };
}

/** A call by its id alone: a voice webhook names the call in its URL and proves its organization afterwards by signature. */
export async function findCallForWebhook(db: Executor, id: string): Promise<CallRow | undefined> {
  return db.selectFrom('calls').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findCallByProviderId(db: Executor, organizationId: string, providerCallId: string): Promise<CallRow | undefined> {
  return db.selectFrom('calls').selectAll().where('provider_call_id', '=', providerCallId).where('organization_id', '=', organizationId).executeTakeFirst();
}

/**
 * Moves a call to a status the provider reported, forwards only (see
 * statusesBefore), with its duration once known; the condition is part of the
 * UPDATE, so late or repeated reports cannot move a call back. True when it changed.
 */
export async function advanceCall(
  db: Executor,
  id: string,
  status: CallStatus,
  details: { now: string; providerCallId?: string | null; durationSeconds?: number | null; errorCode?: string | null; errorMessage?: string | null },
): Promise<boolean> {
  const final = status === 'completed' || status === 'busy' || status === 'no-answer' || status === 'failed' || status === 'canceled';
  const result = await db
    .updateTable('calls')
    .set((eb) => ({
      status,
      updated_at: details.now,
      ...(details.providerCallId ? { provider_call_id: eb.fn.coalesce('provider_call_id', eb.val(details.providerCallId)) } : {}),
      ...(details.durationSeconds !== undefined && details.durationSeconds !== null ? { duration_seconds: details.durationSeconds } : {}),
      ...(final ? { ended_at: details.now, claimed_by: null } : {}),
      ...(details.errorCode ? { error_code: details.errorCode, error_message: details.errorMessage ?? null } : {}),
    }))
    .where('id', '=', id)
    .where('status', 'in', statusesBefore(status))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** A final call's duration, when the provider reports it after the status (the parent leg's "completed"). */
export async function recordCallDuration(db: Executor, id: string, durationSeconds: number, now: string): Promise<void> {
  await db.updateTable('calls').set({ duration_seconds: durationSeconds, updated_at: now }).where('id', '=', id).where('duration_seconds', 'is', null).execute();
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
