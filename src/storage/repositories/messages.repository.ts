import { claimRows, lockClaimedRow } from '../claims.js';
import type { Executor, Trx } from '../executor.js';
import type { MessageRow } from '../schema.js';
import { sql, type SqlBool } from 'kysely';
import type { OutboundPurpose } from '../../domain/send-gate.js';
import type { SenderRoute } from './numbers.repository.js';

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

export interface OutboundMessageFields {
  id: string;
  organizationId: string;
  contactId: string | null;
  to: string;
  body: string;
  purpose: OutboundPurpose;
  sender: SenderRoute;
  createdByUserId: string | null;
  now: string;
  /** queued (the default) for the dispatcher; scheduled with sendAt; sent when the caller delivers it itself (TwiML). */
  status?: 'queued' | 'scheduled' | 'sent';
  sendAt?: string | null;
  inReplyToId?: string | null;
  /** The sequence whose step queued it. */
  sequenceId?: string | null;
}

/** An outbound text as first written: nothing tried, nothing claimed. */
export function newOutboundMessage(fields: OutboundMessageFields): MessageRow {
  const status = fields.status ?? 'queued';
  return {
    ...unsent(fields),
    direction: 'outbound',
    from_number: fields.sender.from,
    to_number: fields.to,
    body: fields.body,
    status,
    purpose: fields.purpose,
    action: null,
    in_reply_to_id: fields.inReplyToId ?? null,
    send_at: fields.sendAt ?? null,
    provider: fields.sender.provider,
    provider_message_id: null,
    sent_at: status === 'sent' ? fields.now : null,
    created_by_user_id: fields.createdByUserId,
    // How a text arrived is recorded for inbound texts only.
    channel: null,
    sequence_id: fields.sequenceId ?? null,
  };
}

export interface InboundMessageFields {
  id: string;
  organizationId: string;
  contactId: string;
  from: string;
  to: string | null;
  body: string;
  /** What the classifier made of it: opted_out, opted_in, help, review or none. */
  action: string;
  provider: string | null;
  providerMessageId: string | null;
  /** serializeChannel() of how the text arrived. */
  channel: string;
  /** Who typed it, for a text typed into the simulator. */
  typedByUserId: string | null;
  now: string;
}

/** A received text as stored. */
export function newInboundMessage(fields: InboundMessageFields): MessageRow {
  return {
    ...unsent(fields),
    direction: 'inbound',
    from_number: fields.from,
    to_number: fields.to,
    body: fields.body,
    status: 'received',
    purpose: 'inbound',
    action: fields.action,
    in_reply_to_id: null,
    send_at: null,
    provider: fields.provider,
    provider_message_id: fields.providerMessageId,
    sent_at: null,
    created_by_user_id: fields.typedByUserId,
    channel: fields.channel,
    sequence_id: null,
  };
}

/** A new text's or call's own columns, and the dispatcher's as nobody has tried or claimed it yet. */
export function unsent(fields: { id: string; organizationId: string; contactId: string | null; now: string }) {
  const { id, organizationId, contactId, now } = fields;
  return { id, organization_id: organizationId, contact_id: contactId, error_code: null, error_message: null, attempts: 0, next_attempt_at: null, claimed_at: null, claimed_by: null, created_at: now, updated_at: now };
}

/** Stores a message written out in full (every column given), so the row is its own answer: no RETURNING to read back. */
export async function insertMessage(db: Executor, row: MessageRow): Promise<MessageRow> {
  await db.insertInto('messages').values(row).execute();
  return row;
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

/**
 * When the last outreach text (a teammate's, the API's or a sequence's) went
 * or is due to go to a number, at or before `at`; null when none did. Texts
 * that were canceled or failed never reached the person and do not count.
 * Served by messages_outbound_by_number_idx.
 */
export async function findLastOutreachTextAt(db: Executor, organizationId: string, phone: string, at: string): Promise<string | null> {
  const row = await db
    .selectFrom('messages')
    .select((eb) => eb.fn.max(eb.fn.coalesce('send_at', 'created_at')).as('last'))
    .where('organization_id', '=', organizationId)
    .where('to_number', '=', phone)
    // Written out as the partial index's own predicate, so SQLite uses it (see PENDING_MESSAGE).
    .where(sql<SqlBool>`${sql.ref('direction')} = 'outbound'`)
    .where('purpose', 'in', ['manual', 'api', 'sequence'])
    .where('status', 'not in', ['canceled', 'failed'])
    .where((eb) => eb(eb.fn.coalesce('send_at', 'created_at'), '<=', at))
    .executeTakeFirst();
  return (row?.last as string | null | undefined) ?? null;
}
