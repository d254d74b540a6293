import { GENESIS_HASH, hashConsentEvent, parseChannel, type ConsentChannel, type ConsentSource } from '../../domain/consent-ledger.js';
import { confirmationPurpose } from '../../domain/send-gate.js';
import { toChainedEvent } from '../../storage/repositories/consent-ledger.repository.js';
import { loadConsentEvidence } from '../../storage/repositories/consent-report.repository.js';
import { listReviewItemsForPhone } from '../../storage/repositories/review.repository.js';
import { findPhoneConsent } from '../../storage/repositories/phone-consent.repository.js';
import type { CallRow, MessageRow, UserRow } from '../../storage/schema.js';
import { requireContact } from '../contacts/contacts.js';
import type { AppDeps, Principal } from '../context.js';
import { verifyOrganizationLedger } from '../ledger/ledger.js';
import { loadOrganization } from '../organization.js';
import { writeCsvRows } from '../csv/csv-writer.js';

/**
 * One document with everything a lawyer asks about a number's consent: each
 * event with the exact text that caused it, the rule matched, the
 * confirmation sent and when, who acted, and whether the hash chain holds
 * for these events and for the organization's whole ledger.
 */
export async function buildConsentReport(deps: AppDeps, principal: Principal, contactId: string) {
  const contact = await requireContact(deps.db, principal.organizationId, contactId);
  const [{ organization }, evidence, consent, reviews, ledger] = await Promise.all([
    loadOrganization(deps.db, principal.organizationId),
    loadConsentEvidence(deps.db, principal.organizationId, contact.phone),
    findPhoneConsent(deps.db, principal.organizationId, contact.phone),
    listReviewItemsForPhone(deps.db, principal.organizationId, contact.phone),
    verifyOrganizationLedger(deps.db, principal.organizationId),
  ]);

  const events = evidence.events.map((row) => {
    const event = toChainedEvent(row);
    const predecessor = evidence.predecessors.get(row.seq - 1);
    const expectedPrev = row.seq === 1 ? GENESIS_HASH : predecessor?.hash ?? null;
    const message = row.message_id ? evidence.messages.get(row.message_id) ?? null : null;
    const confirmation = row.message_id ? evidence.replies.get(row.message_id) ?? null : null;
    return {
      id: row.id,
      seq: row.seq,
      type: row.type,
      at: row.created_at,
      source: row.source as ConsentSource,
      keyword: row.keyword,
      ruleMatched: row.rule,
      reason: row.reason,
      note: row.note,
      attestation: row.attestation,
      actor: presentActor(row.actor_user_id ? evidence.users.get(row.actor_user_id) : undefined, row.source),
      channel: presentChannel(parseChannel(row.channel)),
      simulated: row.source === 'simulated',
      causedBy: message ? presentMessageEvidence(message) : null,
      onCall: row.call_id ? presentCallEvidence(evidence.calls.get(row.call_id), row.call_id) : null,
      confirmation: confirmation && confirmation.purpose === confirmationPurpose(row.type) ? presentMessageEvidence(confirmation) : null,
      hash: row.hash,
      prevHash: row.prev_hash,
      chain: { hashMatchesContent: hashConsentEvent(event) === row.hash, linksToPreviousEvent: expectedPrev !== null && expectedPrev === row.prev_hash },
    };
  });

  return {
    title: `Consent evidence for ${contact.phone}`,
    generatedAt: deps.clock().toISOString(),
    generatedBy: principal.userId,
    organization: { id: organization.id, name: organization.name },
    contact: { id: contact.id, name: contact.name, phone: contact.phone, email: contact.email, createdAt: contact.created_at },
    currentStatus: {
      optedOut: consent?.opted_out === 1,
      since: consent?.changed_at ?? null,
      source: (consent?.source as ConsentSource | undefined) ?? null,
      keyword: consent?.keyword ?? null,
      ruleMatched: consent?.rule ?? null,
      reason: consent?.reason ?? null,
      reviewPending: consent?.review_pending === 1,
    },
    events,
    reviews: reviews.map((item) => ({
      id: item.id,
      text: item.body,
      ruleMatched: item.rule,
      receivedAt: item.received_at,
      deadline: item.deadline,
      status: item.status,
      decidedAt: item.decided_at,
      decidedBy: item.decided_by_user_id,
      note: item.note,
    })),
    ledgerVerification: {
      theseEventsIntact: events.every((event) => event.chain.hashMatchesContent && event.chain.linksToPreviousEvent),
      eventsChecked: events.length,
      organizationLedger: ledger,
    },
  };
}

/** The call an opt-out was made on: who called whom, when, how it ended. */
function presentCallEvidence(call: CallRow | undefined, id: string) {
  if (!call) return { id, found: false as const };
  return {
    id: call.id,
    found: true as const,
    direction: call.direction,
    kind: call.kind,
    from: call.from_number,
    to: call.to_number,
    startedAt: call.created_at,
    endedAt: call.ended_at,
    status: call.status,
    durationSeconds: call.duration_seconds,
    providerCallId: call.provider_call_id,
  };
}

export type ConsentReport = Awaited<ReturnType<typeof buildConsentReport>>;

/** The report's events as CSV, one row per consent event. */
export function consentReportCsv(report: ConsentReport): string {
  const header = ['seq', 'event_id', 'type', 'at', 'phone', 'source', 'keyword', 'rule_matched', 'reason', 'note', 'actor', 'channel', 'caused_by_text', 'caused_by_at', 'confirmation_text', 'confirmation_status', 'confirmation_sent_at', 'hash', 'prev_hash', 'hash_ok', 'link_ok'];
  const rows = report.events.map((event) => [
    event.seq,
    event.id,
    event.type,
    event.at,
    report.contact.phone,
    event.source,
    event.keyword ?? '',
    event.ruleMatched ?? '',
    event.reason ?? '',
    event.note ?? '',
    event.actor.description,
    event.channel.description,
    event.causedBy?.body ?? '',
    event.causedBy?.at ?? '',
    event.confirmation?.body ?? '',
    event.confirmation?.status ?? '',
    event.confirmation?.sentAt ?? '',
    event.hash,
    event.prevHash,
    event.chain.hashMatchesContent ? 'yes' : 'NO',
    event.chain.linksToPreviousEvent ? 'yes' : 'NO',
  ]);
  return writeCsvRows([header, ...rows]);
}

function presentActor(user: UserRow | undefined, source: string) {
  if (user) {
    const who = `${user.name} <${user.email}> (${user.role})`;
    // A simulated text is the teammate's doing, whatever words they typed.
    const description = source === 'simulated' ? `${who}, typing a simulated text in the app (not the contact)` : who;
    return { type: 'user' as const, id: user.id, name: user.name, email: user.email, role: user.role, description };
  }
  const description =
    source === 'keyword' || source === 'phrase'
      ? 'The contact, by text message'
      : source === 'keypress'
        ? 'The contact, by pressing the opt-out key on a call'
        : source === 'provider'
        ? 'The SMS provider (carrier-level opt-out)'
        : source === 'simulated'
          ? 'A teammate, typing a simulated text in the app (not the contact)'
          : 'The system';
  return { type: 'system' as const, id: null, name: null, email: null, role: null, description };
}

/** How a change arrived, with a sentence for the report's readers. */
function presentChannel(channel: ConsentChannel | null) {
  if (channel === null) return { kind: null, description: 'Not recorded (before channels were recorded)' };
  switch (channel.kind) {
    case 'provider':
      return { ...channel, description: `The ${channel.provider === 'twilio' ? 'Twilio' : channel.provider} provider` };
    case 'api_key':
      return { ...channel, description: `API key "${channel.name}" (${channel.id})` };
    case 'app':
      return { ...channel, description: 'The app, by a signed-in teammate' };
    case 'simulator':
      return { ...channel, description: 'The app\'s inbound-text simulator' };
    case 'system':
      return { ...channel, description: 'The system' };
  }
}

function presentMessageEvidence(message: MessageRow) {
  return {
    messageId: message.id,
    direction: message.direction,
    from: message.from_number,
    to: message.to_number,
    body: message.body,
    at: message.created_at,
    status: message.status,
    sentAt: message.sent_at,
    provider: message.provider,
    providerMessageId: message.provider_message_id,
    simulated: parseChannel(message.channel)?.kind === 'simulator',
  };
}
