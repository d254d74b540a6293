import type { Executor } from '../executor.js';
import type { CallRow, ConsentEventRow, MessageRow, UserRow } from '../schema.js';

/** Everything about one number's consent history that an evidence report cites, in a handful of queries. */
export interface ConsentEvidenceRows {
  events: ConsentEventRow[];
  /** The event before each of `events` in the organization's chain, keyed by seq, to check the links. */
  predecessors: Map<number, ConsentEventRow>;
  messages: Map<string, MessageRow>;
  /** Automatic replies, keyed by the inbound message they answered. */
  replies: Map<string, MessageRow>;
  users: Map<string, UserRow>;
  /** The calls opt-outs were made on (keypress, or a teammate's record of what was said). */
  calls: Map<string, CallRow>;
}

export async function loadConsentEvidence(db: Executor, organizationId: string, phone: string): Promise<ConsentEvidenceRows> {
  const events = await db.selectFrom('consent_events').selectAll().where('organization_id', '=', organizationId).where('phone', '=', phone).orderBy('seq').execute();
  const predecessorSeqs = events.map((event) => event.seq - 1).filter((seq) => seq > 0);
  const messageIds = events.map((event) => event.message_id).filter((id): id is string => id !== null);
  const userIds = events.map((event) => event.actor_user_id).filter((id): id is string => id !== null);
  const callIds = events.map((event) => event.call_id).filter((id): id is string => id !== null);
  const [predecessors, messages, replies, users, calls] = await Promise.all([
    predecessorSeqs.length === 0 ? [] : db.selectFrom('consent_events').selectAll().where('organization_id', '=', organizationId).where('seq', 'in', predecessorSeqs).execute(),
    messageIds.length === 0 ? [] : db.selectFrom('messages').selectAll().where('organization_id', '=', organizationId).where('id', 'in', messageIds).execute(),
    messageIds.length === 0 ? [] : db.selectFrom('messages').selectAll().where('organization_id', '=', organizationId).where('in_reply_to_id', 'in', messageIds).execute(),
    userIds.length === 0 ? [] : db.selectFrom('users').selectAll().where('organization_id', '=', organizationId).where('id', 'in', userIds).execute(),
    callIds.length === 0 ? [] : db.selectFrom('calls').selectAll().where('organization_id', '=', organizationId).where('id', 'in', callIds).execute(),
  ]);
  return {
    events,
    predecessors: new Map(predecessors.map((row) => [row.seq, row])),
    messages: new Map(messages.map((row) => [row.id, row])),
    replies: new Map(replies.filter((row) => row.in_reply_to_id !== null).map((row) => [row.in_reply_to_id!, row])),
    users: new Map(users.map((row) => [row.id, row])),
    calls: new Map(calls.map((row) => [row.id, row])),
  };
}
