import { classifyInboundText, type InboundClassification } from '../../domain/classification/classify-inbound-text.js';
import { mayTextOptIn, parseChannel, serializeChannel, type ConsentChannel } from '../../domain/consent-ledger.js';
import { AppError } from '../../domain/errors.js';
import { renderReply, type ReplyTemplates } from '../../domain/opt-out-settings.js';
import { normalizePhone, tryNormalizePhone } from '../../domain/phone.js';
import { isUniqueViolation, type Trx } from '../../storage/executor.js';
import type { ContactWithConsent } from '../../storage/repositories/contacts.repository.js';
import { consentStateOf, lockPhoneConsent } from '../../storage/repositories/phone-consent.repository.js';
import { findInboundByProviderMessageId, findReplyTo, insertMessage, newInboundMessage } from '../../storage/repositories/messages.repository.js';
import type { MessageRow } from '../../storage/schema.js';
import { findOrCreateContactByPhone, withConsent } from '../contacts/contacts.js';
import { recordOptIn, recordOptOut } from '../consent/record-consent-change.js';
import type { AppDeps } from '../context.js';
import { queueForReview } from '../review/review-queue.js';
import { recordReply } from '../outbound/record-reply.js';
import { loadOrganization, type OrganizationContext } from '../organization.js';

export type InboundAction = 'opted_out' | 'opted_in' | 'help' | 'review' | 'none';

export interface InboundInput {
  from: string;
  to?: string | null;
  body: string;
  providerMessageId?: string | null;
  /** The provider's own reading of the text (Twilio's OptOutType); it wins over the classifier. */
  providerOptOutType?: 'STOP' | 'START' | 'HELP' | null;
}

/**
 * How an inbound text arrived. A provider webhook or an API key carries the
 * contact's own text; `simulator` is a teammate typing in the app (a session,
 * not a key), which is recorded as theirs and never opts a number in.
 */
export type InboundOrigin =
  | { kind: 'provider'; provider: string }
  | { kind: 'api_key'; id: string; name: string }
  | { kind: 'simulator'; userId: string };

export interface InboundOptions {
  /**
   * 'dispatch': the reply is queued for the dispatcher to send (API intake).
   * 'response': the caller delivers the reply itself (a TwiML answer), so it is recorded as sent.
   */
  replyDelivery: 'dispatch' | 'response';
  provider?: string;
  /** The sender could not be verified (a provider webhook whose signature cannot be checked): it may opt out, never in. */
  optOutOnly?: boolean;
  origin: InboundOrigin;
}

export interface InboundOutcome {
  message: MessageRow;
  contact: ContactWithConsent;
  action: InboundAction;
  reply: string | null;
  replyMessage: MessageRow | null;
  /** True when this provider message id was already received; nothing new was written. */
  duplicate: boolean;
  /** A teammate typed this text into the simulator: it is recorded as theirs, not the contact's. */
  simulated: boolean;
  /**
   * What the text would have done had the contact sent it, when the simulator
   * may not do it: a simulated START never opts a number back in.
   */
  withheld: 'opted_in' | null;
}

/**
 * Takes one inbound text: stores it, classifies it, applies any opt-out,
 * opt-in or help reply, and records the reply — all in one transaction, so
 * the caller acknowledges only what is durable. A provider message id seen
 * before returns the stored outcome and writes nothing.
 */
export async function receiveInboundMessage(deps: AppDeps, organizationId: string, input: InboundInput, options: InboundOptions): Promise<InboundOutcome> {
  const org = await loadOrganization(deps.db, organizationId);
  const from = normalizePhone(input.from, org.organization.default_country, 'from');
  const to = input.to ? tryNormalizePhone(input.to, org.organization.default_country) : null;
  if (input.to && to === null) throw new AppError('invalid_phone', `to: "${input.to.slice(0, 40)}" is not a valid phone number.`, { field: 'to' });
  // A simulated text has no provider message: an id typed into it could otherwise
  // pre-empt the real message of that id, which would then be taken as a retry.
  const providerMessageId = options.origin.kind === 'simulator' ? null : input.providerMessageId?.trim() || null;

  if (providerMessageId) {
    const earlier = await findInboundByProviderMessageId(deps.db, organizationId, providerMessageId);
    if (earlier) return replayOutcome(deps, earlier);
  }
  try {
    const outcome = await deps.transact((trx) => intake(trx, deps, org, { ...input, from, to, providerMessageId }, options));
    if (outcome.replyMessage?.status === 'queued') deps.wakeDispatcher();
    return outcome;
  } catch (error) {
    // Two deliveries of one provider message raced; the other one won and is the answer.
    if (providerMessageId && isUniqueViolation(error)) {
      const earlier = await findInboundByProviderMessageId(deps.db, organizationId, providerMessageId);
      if (earlier) return replayOutcome(deps, earlier);
    }
    throw error;
  }
}

interface NormalizedInbound {
  from: string;
  to: string | null;
  body: string;
  providerMessageId: string | null;
  providerOptOutType?: InboundInput['providerOptOutType'];
}

async function intake(trx: Trx, deps: AppDeps, org: OrganizationContext, input: NormalizedInbound, options: InboundOptions): Promise<InboundOutcome> {
  const organizationId = org.organization.id;
  // The number's lock first, as every other writer of this number takes it: then the contact.
  const consent = await lockPhoneConsent(trx, organizationId, input.from);
  const contact = await findOrCreateContactByPhone(trx, deps, organizationId, input.from);
  const optedOut = consent.opted_out === 1;
  const classification = providerClassification(input) ?? classifyInboundText(input.body, org.settings, { optedOut });
  const now = deps.clock().toISOString();
  const messageId = deps.newId();
  const channel = channelOfOrigin(options.origin);
  const typedBy = options.origin.kind === 'simulator' ? options.origin.userId : null;

  let action: InboundAction = 'none';
  let withheld: InboundOutcome['withheld'] = null;
  let replyKind: keyof ReplyTemplates | null = null;
  switch (classification.action) {
    case 'opted_out':
      if (!optedOut) {
        action = 'opted_out';
        replyKind = 'optOutReply';
      }
      break;
    case 'opted_in':
      if (optedOut && (options.optOutOnly || !mayTextOptIn(channel))) withheld = 'opted_in';
      else if (optedOut) {
        action = 'opted_in';
        replyKind = 'optInReply';
      }
      break;
    case 'help':
      action = 'help';
      // Recorded only if the send gate lets it go (an opted-out number gets no help reply).
      replyKind = 'helpReply';
      break;
    case 'review':
      if (!optedOut) action = 'review';
      break;
    case 'none':
      break;
  }

  const message = await insertMessage(
    trx,
    newInboundMessage({
      id: messageId,
      organizationId,
      contactId: contact.id,
      from: input.from,
      to: input.to,
      body: input.body,
      action,
      provider: options.provider ?? null,
      providerMessageId: input.providerMessageId,
      channel: serializeChannel(channel),
      typedByUserId: typedBy,
      now,
    }),
  );
  const simulated = typedBy !== null;
  const quoted = `"${truncate(input.body, 60)}"`;

  let consentNow = consent;
  if (action === 'review' && classification.action === 'review') {
    await queueForReview(trx, deps, message, classification);
    consentNow = { ...consent, review_pending: 1 };
  } else if (action === 'opted_out' && classification.action === 'opted_out') {
    ({ consent: consentNow } = await recordOptOut(trx, deps, {
      organizationId,
      phone: input.from,
      // A simulated STOP still opts out (that only protects people), recorded as the teammate's, not the contact's.
      source: simulated ? 'simulated' : classification.source,
      keyword: classification.keyword,
      rule: classification.rule,
      reason: simulated ? `Simulated text ${quoted}, typed in the app` : `Replied ${quoted}`,
      actorUserId: typedBy,
      messageId,
      channel,
    }, consent));
  } else if (action === 'opted_in' && classification.action === 'opted_in') {
    ({ consent: consentNow } = await recordOptIn(trx, deps, {
      organizationId,
      phone: input.from,
      source: 'keyword',
      keyword: classification.keyword,
      reason: `Replied ${quoted}`,
      messageId,
      channel,
    }, consent));
  }

  let replyMessage: MessageRow | null = null;
  if (replyKind !== null) {
    const language = 'language' in classification ? classification.language : 'en';
    const body = renderReply(org.settings, replyKind, language, org.organization.name);
    const reply = { inbound: message, body, kind: replyKind, delivery: options.replyDelivery, provider: options.provider, simulated };
    replyMessage = await recordReply(trx, deps, org.organization.id, reply, consentStateOf(consentNow));
  }
  const reply = replyMessage?.body ?? null;
  return { message, contact: { contact, consent: consentNow }, action, reply, replyMessage, duplicate: false, simulated, withheld };
}

function channelOfOrigin(origin: InboundOrigin): ConsentChannel {
  return origin.kind === 'simulator' ? { kind: 'simulator' } : origin;
}

function providerClassification(input: NormalizedInbound): InboundClassification | null {
  const keyword = input.body.trim().toUpperCase().slice(0, 40) || null;
  switch (input.providerOptOutType) {
    case 'STOP':
      return { action: 'opted_out', source: 'keyword', keyword, rule: 'provider.opt_out_type', language: 'en' };
    case 'START':
      return { action: 'opted_in', keyword: keyword ?? 'START', language: 'en' };
    case 'HELP':
      return { action: 'help', keyword: keyword ?? 'HELP', language: 'en' };
    default:
      return null;
  }
}

async function replayOutcome(deps: AppDeps, message: MessageRow): Promise<InboundOutcome> {
  const contact = await withConsent(deps.db, await findOrCreateContactByPhone(deps.db, deps, message.organization_id, message.from_number!));
  const replyMessage = (await findReplyTo(deps.db, message.organization_id, message.id)) ?? null;
  return {
    message,
    contact,
    action: (message.action ?? 'none') as InboundAction,
    reply: replyMessage?.body ?? null,
    replyMessage,
    duplicate: true,
    simulated: parseChannel(message.channel)?.kind === 'simulator',
    withheld: null,
  };
}

function truncate(text: string, length: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length)}…` : flat;
}
