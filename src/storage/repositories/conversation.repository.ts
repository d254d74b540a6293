import type { SelectQueryBuilder } from 'kysely';
import type { Executor } from '../executor.js';
import { decodeCursor, encodeCursor, type Page } from '../pagination.js';
import type { CallRow, ConsentEventRow, Database, MessageRow } from '../schema.js';

export type ConversationEntry =
  | { kind: 'message'; row: MessageRow }
  | { kind: 'call'; row: CallRow }
  | { kind: 'consent'; row: ConsentEventRow };

/**
 * A contact's messages, calls and the consent events of its number, oldest
 * first. Ids are time-ordered (UUIDv7), so (created_at, id) is one total
 * order across the three tables: an inbound STOP sorts before the opt-out it
 * caused, and that before the confirmation reply.
 */
export async function listConversation(db: Executor, organizationId: string, contactId: string, phone: string, limit: number, cursor: string | null): Promise<Page<ConversationEntry>> {
  const after = cursor === null ? null : (decodeCursor(cursor, 2) as [string, string]);
  // The same page window on each table: rows after the cursor in (created_at, id) order.
  const page = <Q extends SelectQueryBuilder<Database, 'messages' | 'calls' | 'consent_events', any>>(query: Q): Q =>
    (after === null ? query : query.where((eb) => eb.or([eb('created_at', '>', after[0]), eb.and([eb('created_at', '=', after[0]), eb('id', '>', after[1])])])))
      .orderBy('created_at')
      .orderBy('id')
      .limit(limit + 1) as Q;
  const [messages, calls, events] = await Promise.all([
    page(db.selectFrom('messages').selectAll().where('organization_id', '=', organizationId).where('contact_id', '=', contactId)).execute(),
    page(db.selectFrom('calls').selectAll().where('organization_id', '=', organizationId).where('contact_id', '=', contactId)).execute(),
    page(db.selectFrom('consent_events').selectAll().where('organization_id', '=', organizationId).where('phone', '=', phone)).execute(),
  ]);
  const merged: ConversationEntry[] = [
    ...messages.map((row) => ({ kind: 'message' as const, row })),
    ...calls.map((row) => ({ kind: 'call' as const, row })),
    ...events.map((row) => ({ kind: 'consent' as const, row })),
  ].sort((a, b) => compareKeys(a.row.created_at, a.row.id, b.row.created_at, b.row.id));
  const items = merged.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: merged.length > limit && last ? encodeCursor([last.row.created_at, last.row.id]) : null,
  };
}

function compareKeys(at1: string, id1: string, at2: string, id2: string): number {
  if (at1 !== at2) return at1 < at2 ? -1 : 1;
  return id1 < id2 ? -1 : id1 > id2 ? 1 : 0;
}
