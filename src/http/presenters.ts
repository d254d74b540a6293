import { parseChannel } from '../domain/consent-ledger.js';
import { businessDaysBetween } from '../domain/business-days.js';
import type {
  ApiKeyRow,
  CallRow,
  ConsentEventRow,
  ContactWithConsent,
  ConversationEntry,
  MessageRow,
  OptOutRow,
  OrganizationRow,
  PhoneConsentRow,
  PhoneNumberRow,
  UserRow,
  WebhookDeliveryRow,
  WebhookEndpointRow,
} from '../app/read-models.js';
import type { ReviewItemView } from '../app/review/review-items.js';

export function presentOptOutState(consent: PhoneConsentRow | null) {
  if (!consent || consent.opted_out !== 1) return null;
  return { optedOutAt: consent.changed_at, reason: consent.reason, source: consent.source, keyword: consent.keyword, rule: consent.rule };
}

export function presentContact({ contact, consent }: ContactWithConsent) {
  return {
    id: contact.id,
    name: contact.name,
    phone: contact.phone,
    email: contact.email,
    notes: contact.notes,
    tags: JSON.parse(contact.tags) as string[],
    optedOut: consent?.opted_out === 1,
    optOut: presentOptOutState(consent),
    /** A reply from the number awaits review; it is not contacted until a teammate decides. */
    reviewPending: consent?.review_pending === 1,
    createdAt: contact.created_at,
    updatedAt: contact.updated_at,
  };
}

/** "sending" is internal (handed to the provider, answer pending); clients see it as still queued. */
export function presentMessage(row: MessageRow) {
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

export function presentCall(row: CallRow) {
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

export function presentConsentEvent(row: ConsentEventRow) {
  return {
    id: row.id,
    seq: row.seq,
    type: row.type,
    phone: row.phone,
    source: row.source,
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

export function presentConversationEntry(entry: ConversationEntry) {
  switch (entry.kind) {
    case 'message':
      return { kind: 'message' as const, ...presentMessage(entry.row) };
    case 'call':
      return { kind: 'call' as const, ...presentCall(entry.row) };
    case 'consent':
      return { kind: 'consent' as const, ...presentConsentEvent(entry.row) };
  }
}

export function presentOptOut({ consent, contact }: OptOutRow) {
  return {
    phone: consent.phone,
    contact: contact ? { id: contact.id, name: contact.name, email: contact.email, phone: contact.phone } : null,
    optedOutAt: consent.changed_at,
    reason: consent.reason,
    source: consent.source,
    keyword: consent.keyword,
    rule: consent.rule,
  };
}

export function presentUser(row: UserRow) {
  return { id: row.id, name: row.name, email: row.email, role: row.role, phone: row.phone, createdAt: row.created_at, removedAt: row.removed_at };
}

export function presentOrganization(row: OrganizationRow) {
  return { id: row.id, name: row.name, defaultCountry: row.default_country, createdAt: row.created_at };
}

export function presentApiKey(row: ApiKeyRow) {
  return { id: row.id, name: row.name, prefix: row.key_prefix, createdAt: row.created_at, lastUsedAt: row.last_used_at, revokedAt: row.revoked_at };
}

export function presentPhoneNumber(row: PhoneNumberRow) {
  return {
    id: row.id,
    phoneNumber: row.phone_number,
    provider: row.provider,
    /** A Twilio number its organization's Twilio account confirmed it owns; only these route Twilio's webhooks. */
    verified: row.verified_at !== null,
    verifiedAt: row.verified_at,
    createdAt: row.created_at,
  };
}

/** Never the secret: it is shown once, in the answer that created the endpoint. */
export function presentWebhookEndpoint(row: WebhookEndpointRow) {
  return { id: row.id, url: row.url, events: JSON.parse(row.events) as string[], enabled: row.enabled === 1, description: row.description, createdAt: row.created_at };
}

/** "sending" is not a status: a delivery being sent is still pending until the receiver answers. */
export function presentWebhookDelivery(row: WebhookDeliveryRow) {
  return {
    eventId: row.event_id,
    eventType: row.event_type,
    phone: row.phone,
    attempt: row.attempts,
    status: row.status,
    responseStatus: row.response_status,
    error: row.error,
    nextAttemptAt: row.status === 'pending' ? row.next_attempt_at : null,
    lastAttemptAt: row.last_attempt_at,
    deliveredAt: row.delivered_at,
    createdAt: row.event_created_at,
  };
}

/** A reply awaiting review, with the time left to decide it as of `now`. */
export function presentReviewItem({ item, contact }: ReviewItemView, now: Date) {
  const deadline = new Date(item.deadline);
  return {
    id: item.id,
    messageId: item.message_id,
    phone: item.phone,
    contact: contact ? { id: contact.id, name: contact.name, email: contact.email, phone: contact.phone } : null,
    body: item.body,
    rule: item.rule,
    language: item.language,
    receivedAt: item.received_at,
    deadline: item.deadline,
    timeLeftMs: deadline.getTime() - now.getTime(),
    businessDaysLeft: businessDaysBetween(now, deadline),
    overdue: deadline.getTime() < now.getTime(),
    status: item.status,
    note: item.note,
    decidedBy: item.decided_by_user_id,
    decidedAt: item.decided_at,
  };
}
