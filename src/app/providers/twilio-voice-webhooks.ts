/**
 * Calls as Twilio runs them: what a placed call does when answered (the
 * consent check at that moment), the keypress opt-out, the outcome of a
 * connected call, progress reports, and calls to the organization's number.
 * Each answers TwiML; each request is proven by X-Twilio-Signature first.
 */
import { AppError } from '../../domain/errors.js';
import { tryNormalizePhone } from '../../domain/phone.js';
import { decideSend } from '../../domain/send-gate.js';
import { callStatusFromReport, optOutConfirmation, optOutPrompt } from '../../domain/voice-call.js';
import { ACCOUNT_SID, CALL_SID } from '../../providers/twilio-fields.js';
import { isValidTwilioSignature } from '../../providers/twilio-signature.js';
import { dialContactTwiml, forwardTwiml, gatherOptOutTwiml, hangUpTwiml, sayAndHangUpTwiml } from '../../providers/twilio-voice.js';
import { advanceCall, findCallByProviderId, findCallForWebhook, insertCall, newInboundCall, recordCallDuration } from '../../storage/repositories/calls.repository.js';
import { consentStateOf, findPhoneConsent, lockPhoneConsent } from '../../storage/repositories/phone-consent.repository.js';
import type { CallRow } from '../../storage/schema.js';
import { recordOptOut } from '../consent/record-consent-change.js';
import { findOrCreateContactByPhone } from '../contacts/contacts.js';
import type { AppDeps } from '../context.js';
import { loadOrganization } from '../organization.js';
import { loadTwilioCredentials, UnreadableTwilioCredentialsError } from './twilio-credentials.js';
import { authenticateTwilioWebhook, field, type SignedTwilioRequest, type TwilioParams } from './twilio-webhooks.js';

/** Where Twilio reaches each call's webhooks: PUBLIC_URL/webhooks/twilio/voice. */
export interface VoiceUrls {
  base: string;
}

const callUrl = (urls: VoiceUrls, callId: string, step: 'keypress' | 'result') => `${urls.base}/calls/${encodeURIComponent(callId)}/${step}`;

/**
 * Twilio's ids have fixed shapes (CA + 32 hex for a call, AC + 32 hex for an
 * account); anything else did not come from Twilio and is refused before
 * anything is looked up.
 */
function requireSids(params: TwilioParams): { callSid: string; accountSid: string } {
  const callSid = field(params, 'CallSid') ?? '';
  const accountSid = field(params, 'AccountSid') ?? '';
  if (!CALL_SID.test(callSid) || !ACCOUNT_SID.test(accountSid)) {
    throw new AppError('invalid_request', 'CallSid and AccountSid must be Twilio ids (CA… and AC… with 32 hex digits).');
  }
  return { callSid, accountSid };
}

function signatureInvalid(): AppError {
  return new AppError('webhook_signature_invalid', 'The X-Twilio-Signature header is missing or does not match this request.');
}

/**
 * A webhook for one of our calls, named by its id in the URL: the call's
 * organization's Twilio account must be the one posting (AccountSid) and
 * must have signed this exact URL and these fields. An unknown call answers
 * like a bad signature, so ids cannot be probed.
 */
async function authenticateCallWebhook(deps: AppDeps, request: SignedTwilioRequest, callId: string): Promise<{ call: CallRow; callSid: string }> {
  const { callSid, accountSid } = requireSids(request.params);
  if (!request.signature) throw signatureInvalid();
  const call = await findCallForWebhook(deps.db, callId);
  if (!call) throw signatureInvalid();
  const credentials = await loadTwilioCredentials(deps, call.organization_id);
  if (!credentials || credentials.accountSid !== accountSid) throw signatureInvalid();
  if (!isValidTwilioSignature(credentials.authToken, request.signature, request.url, request.params)) throw signatureInvalid();
  // A retried or forged request for another of our calls must not act on this one.
  if (call.provider_call_id && call.provider_call_id !== callSid) throw signatureInvalid();
  return { call, callSid };
}

/** The person on the other end of a call: the contact we called, or the caller. */
function personOf(call: CallRow): string {
  return call.direction === 'inbound' ? call.from_number! : call.to_number;
}

/**
 * A placed call was answered. The number's consent is checked again now,
 * under its lock: a click-to-call connects the contact only if they may
 * still be called (the agent hears why not otherwise); an automated call
 * speaks its message and the keypress opt-out, or hangs up.
 */
export async function answerPlacedCall(deps: AppDeps, urls: VoiceUrls, request: SignedTwilioRequest, callId: string): Promise<string> {
  const { call, callSid } = await authenticateCallWebhook(deps, request, callId);
  if (call.direction !== 'outbound') return hangUpTwiml();
  const { organization, settings } = await loadOrganization(deps.db, call.organization_id);
  const now = deps.clock().toISOString();
  const decision = await deps.transact(async (trx) => {
    const consent = await lockPhoneConsent(trx, call.organization_id, call.to_number);
    const decided = decideSend(consentStateOf(consent), call.purpose);
    if (decided === 'send') {
      const moved = await advanceCall(trx, call.id, 'in-progress', { now, providerCallId: callSid });
      // Already final (canceled by an opt-out while ringing): nothing more to do.
      return moved || call.status === 'in-progress' ? 'send' : 'over';
    }
    await advanceCall(trx, call.id, 'canceled', {
      now,
      providerCallId: callSid,
      errorCode: 'contact_opted_out',
      errorMessage: decided === 'hold' ? 'Not connected: a reply from the contact awaits review.' : 'Not connected: the contact opted out before the call was answered.',
    });
    return decided;
  });

  if (call.kind === 'bridge') {
    if (decision === 'cancel') return sayAndHangUpTwiml('This contact has opted out of calls and texts, so the call will not be connected. Goodbye.');
    if (decision === 'hold') return sayAndHangUpTwiml('A reply from this contact may mean stop and awaits review, so the call will not be connected. Goodbye.');
    if (decision === 'over') return hangUpTwiml();
    return dialContactTwiml({ callerId: call.from_number, contact: call.to_number, resultUrl: callUrl(urls, call.id, 'result') });
  }
  if (decision !== 'send') return hangUpTwiml();
  return gatherOptOutTwiml({
    words: [call.voice_message ?? `Hello, this is ${organization.name} calling.`],
    audioUrl: call.audio_url,
    prompt: optOutPrompt(settings.voiceOptOutKey, organization.name),
    keypressUrl: callUrl(urls, call.id, 'keypress'),
  });
}

/**
 * The person pressed a key (or none) after the opt-out prompt. The
 * organization's opt-out key opts the number out at once, with the call as
 * evidence, and they hear that it is done; anything else changes nothing
 * (an inbound caller is then put through to the forwarding number).
 */
export async function receiveKeypress(deps: AppDeps, urls: VoiceUrls, request: SignedTwilioRequest, callId: string): Promise<string> {
  let call: CallRow;
  try {
    ({ call } = await authenticateCallWebhook(deps, request, callId));
  } catch (error) {
    if (!(error instanceof UnreadableTwilioCredentialsError)) throw error;
    return receiveUnverifiableKeypress(deps, error, request, callId);
  }
  const { organization, settings } = await loadOrganization(deps.db, call.organization_id);
  const digits = (field(request.params, 'Digits') ?? '').trim();
  const now = deps.clock().toISOString();
  if (digits !== '' && digits === settings.voiceOptOutKey) {
    await recordKeypressOptOut(deps, call, organization.name, digits);
    if (call.direction === 'inbound') await advanceCall(deps.db, call.id, 'completed', { now });
    return sayAndHangUpTwiml(optOutConfirmation(organization.name));
  }
  if (call.direction === 'inbound' && settings.inboundCallForwardTo) {
    return forwardTwiml({ forwardTo: settings.inboundCallForwardTo, resultUrl: callUrl(urls, call.id, 'result') });
  }
  if (call.direction === 'inbound') await advanceCall(deps.db, call.id, 'completed', { now });
  return sayAndHangUpTwiml('Goodbye.');
}

async function recordKeypressOptOut(deps: AppDeps, call: CallRow, organizationName: string, digits: string): Promise<void> {
  await deps.transact((trx) =>
    recordOptOut(trx, deps, {
      organizationId: call.organization_id,
      phone: personOf(call),
      source: 'keypress',
      keyword: null,
      rule: `keypress.${digits}`,
      reason: `Pressed ${digits} on ${call.direction === 'inbound' ? 'a call to' : 'a call from'} ${organizationName} to stop all calls and texts.`,
      channel: { kind: 'provider', provider: 'twilio' },
      callId: call.id,
    }),
  );
  deps.logger.info({ organizationId: call.organization_id, callId: call.id }, 'keypress opt-out recorded');
}

/**
 * A keypress on one of our calls while this server cannot decrypt the
 * organization's Twilio token (SECRET_KEY changed): the signature cannot be
 * checked, yet a person who pressed the opt-out key must not be lost. The call
 * must be ours, for that account and that Twilio call; then the opt-out key
 * opts the number out (which only protects people) and anything else hangs up.
 * An alarm is logged every time.
 */
async function receiveUnverifiableKeypress(deps: AppDeps, unreadable: UnreadableTwilioCredentialsError, request: SignedTwilioRequest, callId: string): Promise<string> {
  const { callSid, accountSid } = requireSids(request.params);
  const call = await findCallForWebhook(deps.db, callId);
  if (!call || call.organization_id !== unreadable.organizationId || accountSid !== unreadable.accountSid) throw signatureInvalid();
  if (call.provider_call_id && call.provider_call_id !== callSid) throw signatureInvalid();
  deps.logger.error(
    { alarm: 'twilio_credentials_unreadable', organizationId: call.organization_id, callId: call.id },
    'ALARM: a keypress arrived for an organization whose Twilio Auth Token cannot be decrypted (SECRET_KEY changed?). Only the opt-out key was honoured; save the Twilio credentials again.',
  );
  const { organization, settings } = await loadOrganization(deps.db, call.organization_id);
  const digits = (field(request.params, 'Digits') ?? '').trim();
  if (digits === '' || digits !== settings.voiceOptOutKey) return hangUpTwiml();
  await recordKeypressOptOut(deps, call, organization.name, digits);
  return sayAndHangUpTwiml(optOutConfirmation(organization.name));
}

/** A <Dial> ended (the contact or the forwarding number answered and hung up, was busy, did not answer…): its outcome is the call's. */
export async function receiveDialResult(deps: AppDeps, request: SignedTwilioRequest, callId: string): Promise<string> {
  const { call } = await authenticateCallWebhook(deps, request, callId);
  const status = callStatusFromReport(field(request.params, 'DialCallStatus'));
  const duration = parseDuration(field(request.params, 'DialCallDuration'));
  if (status) await advanceCall(deps.db, call.id, status, { now: deps.clock().toISOString(), durationSeconds: duration });
  return hangUpTwiml();
}

/**
 * Twilio's progress report for a placed call (initiated, ringing, answered,
 * completed, busy, no-answer, failed, canceled), forwards only; the duration
 * comes with the last one. A click-to-call's outcome is the contact's leg
 * (from the <Dial>), so its agent leg's "completed" only fills a missing duration.
 */
export async function receiveCallProgress(deps: AppDeps, request: SignedTwilioRequest, callId: string): Promise<void> {
  const { call, callSid } = await authenticateCallWebhook(deps, request, callId);
  await applyProgress(deps, call, callSid, request.params);
}

async function applyProgress(deps: AppDeps, call: CallRow, callSid: string, params: TwilioParams): Promise<void> {
  const status = callStatusFromReport(field(params, 'CallStatus'));
  if (!status) return;
  const now = deps.clock().toISOString();
  const duration = parseDuration(field(params, 'CallDuration'));
  const moved = await advanceCall(deps.db, call.id, status, { now, providerCallId: callSid, durationSeconds: call.kind === 'bridge' ? null : duration });
  if (!moved && duration !== null && call.kind !== 'bridge') await recordCallDuration(deps.db, call.id, duration, now);
}

/**
 * A call to one of the organization's numbers. It is recorded in the
 * caller's conversation (a new number gets a contact), greeted, and offered
 * the keypress opt-out unless already opted out; then forwarded to the
 * organization's number, or told goodbye when none is set. A retried
 * webhook (same CallSid) is the same call.
 */
export async function answerInboundCall(deps: AppDeps, urls: VoiceUrls, request: SignedTwilioRequest): Promise<string> {
  const { callSid } = requireSids(request.params);
  const organizationId = await authenticateTwilioWebhook(deps, request, [field(request.params, 'To'), field(request.params, 'Called')]);
  const { organization, settings } = await loadOrganization(deps.db, organizationId);
  const from = tryNormalizePhone(field(request.params, 'From') ?? '', organization.default_country);
  const to = tryNormalizePhone(field(request.params, 'To') ?? field(request.params, 'Called') ?? '', 'US');
  // A withheld number ("anonymous") cannot opt out or be called back: just put it through.
  if (!from || !to) return settings.inboundCallForwardTo ? forwardTwiml({ forwardTo: settings.inboundCallForwardTo }) : sayAndHangUpTwiml(greeting(settings.inboundCallGreeting, organization.name));

  let call = await findCallByProviderId(deps.db, organizationId, callSid);
  if (!call) {
    call = await deps.transact(async (trx) => {
      const contact = await findOrCreateContactByPhone(trx, deps, organizationId, from);
      return insertCall(trx, newInboundCall({ id: deps.newId(), organizationId, contactId: contact.id, from, to, providerCallId: callSid, now: deps.clock().toISOString() }));
    });
  }
  const consent = await findPhoneConsent(deps.db, organizationId, from);
  const words = settings.inboundCallForwardTo ? [`Thank you for calling ${organization.name}.`] : [greeting(settings.inboundCallGreeting, organization.name)];
  if (consent?.opted_out === 1) {
    if (settings.inboundCallForwardTo) return forwardTwiml({ forwardTo: settings.inboundCallForwardTo, resultUrl: callUrl(urls, call.id, 'result') });
    await advanceCall(deps.db, call.id, 'completed', { now: deps.clock().toISOString() });
    return sayAndHangUpTwiml(words[0]!);
  }
  return gatherOptOutTwiml({ words, prompt: optOutPrompt(settings.voiceOptOutKey, organization.name), keypressUrl: callUrl(urls, call.id, 'keypress') });
}

/** Progress of an inbound call, when the number's status callback points at PUBLIC_URL/webhooks/twilio/voice/status. */
export async function receiveInboundProgress(deps: AppDeps, request: SignedTwilioRequest): Promise<void> {
  const { callSid } = requireSids(request.params);
  const organizationId = await authenticateTwilioWebhook(deps, request, [field(request.params, 'To'), field(request.params, 'Called')]);
  const call = await findCallByProviderId(deps.db, organizationId, callSid);
  if (call) await applyProgress(deps, call, callSid, request.params);
}

function greeting(template: string, organizationName: string): string {
  return template.replaceAll('{organization}', organizationName);
}

function parseDuration(value: string | undefined): number | null {
  if (!value || !/^\d{1,7}$/.test(value.trim())) return null;
  return Number(value.trim());
}
