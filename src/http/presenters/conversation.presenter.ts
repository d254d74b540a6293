import type { Static } from 'typebox';
import { parseChannel } from '../../domain/consent-ledger.js';
import type { CallRow, ConsentEventRow, ConversationEntry, MessageRow } from '../../app/read-models.js';
import type { Call, ConsentEvent, ConversationItem, Message } from './conversation.schema.js';

/** "sending" is internal (handed to the provider, answer pending); clients see it as still queued. */
export function presentMessage(row: MessageRow): Static<typeof Message> {
  const channel = parseChannel(row.channel);
  const simulated = channel?.kind === 'simulator';
  return {
    id: row.id,
    contactId: row.contact_id,
    direction: row.direction,
    from: row.from_number,
    to: row.to_number,
    body: row.body,
    status: row.status === 'sending' ? 'queued' : row.status,
    purpose: row.purpose,
    sendAt: row.send_at,
    sentAt: row.sent_at,
    provider: row.provider,
    providerMessageId: row.provider_message_id,
    /** How an inbound text arrived (null for outbound and for texts from before channels were recorded). */
    channel,
    /** A teammate typed this text into the simulator; it is not the contact's. */
    simulated,
    simulatedByUserId: simulated ? row.created_by_user_id : null,
    errorCode: row.error_code,
    errorMessage: row.error_message,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function presentCall(row: CallRow): Static<typeof Call> {
  return {
    id: row.id,
    contactId: row.contact_id,
    from: row.from_number,
    to: row.to_number,
    /** bridge: a teammate's click-to-call; voice_message: automated, with the keypress opt-out; inbound: a call to the organization. */
    mode: row.kind,
    direction: row.direction,
    connectTo: row.connect_to,
    voiceMessage: row.voice_message,
    audioUrl: row.audio_url,
    status: row.status === 'sending' ? 'queued' : row.status,
    durationSeconds: row.duration_seconds,
    endedAt: row.ended_at,
    createdByUserId: row.created_by_user_id,
    provider: row.provider,
    providerCallId: row.provider_call_id,
    errorCode: row.error_code,
    errorMessage: row.error_message,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function presentConsentEvent(row: ConsentEventRow): Static<typeof ConsentEvent> {
  return {
    id: row.id,
    seq: row.seq,
    type: row.type,
    phone: row.phone,
    source: row.source as Static<typeof ConsentEvent>['source'],
    keyword: row.keyword,
    rule: row.rule,
    reason: row.reason,
    note: row.note,
    attestation: row.attestation,
    actorUserId: row.actor_user_id,
    messageId: row.message_id,
    /** How the change arrived; null for events from before channels were recorded. */
    channel: parseChannel(row.channel),
    callId: row.call_id,
    createdAt: row.created_at,
    hash: row.hash,
    prevHash: row.prev_hash,
  };
}

export function presentConversationEntry(entry: ConversationEntry): Static<typeof ConversationItem> {
  switch (entry.kind) {
    case 'message':
      return { kind: 'message' as const, ...presentMessage(entry.row) };
    case 'call':
      return { kind: 'call' as const, ...presentCall(entry.row) };
    case 'consent':
      return { kind: 'consent' as const, ...presentConsentEvent(entry.row) };
  }
}
