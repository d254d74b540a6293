/**
 * The send gate: whether a text or call may go to a number, given the
 * number's consent state and why the message exists. Every send path asks
 * here — refusing a new send, the dispatcher's last check before the
 * provider, a sequence step, an automatic reply — so the product's central
 * promise is written once.
 */
import type { ReplyTemplates } from './opt-out-settings.js';

/** Why an outbound message or call exists (stored in its `purpose` column); `inbound` marks received texts. */
export type MessagePurpose = 'inbound' | OutboundPurpose;
/** manual: a teammate's send; api: a send through the API by number; sequence: a step of automated outreach; reply_*: the automatic answers. */
export type OutboundPurpose = 'manual' | 'api' | 'sequence' | 'reply_opt_out' | 'reply_opt_in' | 'reply_help';

/** The purpose of each automatic answer to a person's own text, by the reply template it uses. */
export const REPLY_PURPOSE: Readonly<Record<keyof ReplyTemplates, OutboundPurpose>> = {
  optOutReply: 'reply_opt_out',
  optInReply: 'reply_opt_in',
  helpReply: 'reply_help',
};

/** The purpose of the confirmation a consent change of this type sends. */
export function confirmationPurpose(eventType: 'opted_out' | 'opted_in'): OutboundPurpose {
  return eventType === 'opted_out' ? REPLY_PURPOSE.optOutReply : REPLY_PURPOSE.optInReply;
}

/** What the gate needs to know about a number. */
export interface ConsentState {
  optedOut: boolean;
  /** A reply from the number may be a revocation and awaits a person's decision. */
  reviewPending: boolean;
}

/**
 * `send`: it may go now. `cancel`: never (the number opted out). `hold`: not
 * now — a reply awaits review; "not a revocation" releases it, an opt-out cancels it.
 */
export type SendDecision = 'send' | 'cancel' | 'hold';

/** How long a held send or sequence step waits before the gate is asked again. */
export const HOLD_RETRY_MS = 10 * 60 * 1000;

/**
 * The one rule for every outbound text and call:
 * - an opted-out number gets nothing but the confirmation of its opt-out
 *   (rule 5), e.g. `decideSend({optedOut: true, …}, 'reply_help')` is `cancel`;
 * - while a reply awaits review only the answers to the person's own texts
 *   (opt-out, opt-in and help replies) go out; everything else is held
 *   ("when in doubt, don't contact");
 * - anything else is sent;
 * - a received text (`inbound`) is never sent anywhere.
 */
export function decideSend(consent: ConsentState, purpose: MessagePurpose): SendDecision {
  if (purpose === 'inbound') return 'cancel';
  if (consent.optedOut) return purpose === 'reply_opt_out' ? 'send' : 'cancel';
  if (consent.reviewPending && !isAutomaticReply(purpose)) return 'hold';
  return 'send';
}

function isAutomaticReply(purpose: MessagePurpose): boolean {
  return purpose === 'reply_opt_out' || purpose === 'reply_opt_in' || purpose === 'reply_help';
}
