import { AppError } from '../../domain/errors.js';
import { tryNormalizePhone } from '../../domain/phone.js';
import { advanceCallStatus, advanceMessageStatus, findOutboundMessageByProviderId } from '../../storage/repositories/delivery-status.repository.js';
import { findWebhookNumber } from '../../storage/repositories/numbers.repository.js';
import { findInboundSmsFieldProblem, findStatusCallbackFieldProblem } from '../../providers/twilio-fields.js';
import { isValidTwilioSignature, type TwilioParams } from '../../providers/twilio-signature.js';
import { TWILIO_UNSUBSCRIBED } from '../../providers/twilio.provider.js';
import { recordOptOut } from '../consent/record-consent-change.js';
import type { AppDeps } from '../context.js';
import { receiveInboundMessage, type InboundOutcome } from '../inbound/receive-inbound-message.js';
import { loadTwilioCredentials, UnreadableTwilioCredentialsError } from './twilio-credentials.js';

export type { TwilioParams };

const TWILIO_CHANNEL = { kind: 'provider', provider: 'twilio' } as const;

export interface SignedTwilioRequest {
  /** The URL Twilio requested: PUBLIC_URL + path and query. */
  url: string;
  signature: string | undefined;
  params: TwilioParams;
}

/**
 * Finds which organization a Twilio webhook is for, by the first of `numbers`
 * registered here as a Twilio number — the proven registration (rule 12),
 * else one from before proofs; never a console label — and proves the request came from Twilio: its
 * X-Twilio-Signature must be the HMAC of this exact URL and every posted
 * field under that organization's auth token. Anything else — no signature,
 * an unknown number, no credentials, a signature for another URL or other
 * fields — is webhook_signature_invalid, before anything is stored.
 */
export async function authenticateTwilioWebhook(deps: AppDeps, request: SignedTwilioRequest, numbers: (string | undefined)[]): Promise<string> {
  if (!request.signature) throw signatureInvalid();
  let organizationId: string | null = null;
  for (const raw of numbers) {
    const phone = raw ? tryNormalizePhone(raw, 'US') : null;
    const registered = phone ? await findWebhookNumber(deps.db, phone) : undefined;
    if (registered) {
      organizationId = registered.organization_id;
      break;
    }
  }
  if (!organizationId) throw signatureInvalid();
  const credentials = await loadTwilioCredentials(deps, organizationId);
  if (!credentials) {
    deps.logger.warn({ organizationId }, 'Twilio webhook for a number whose organization has no Twilio credentials; refused');
    throw signatureInvalid();
  }
  if (!isValidTwilioSignature(credentials.authToken, request.signature, request.url, request.params)) throw signatureInvalid();
  // Signed by this organization's token, yet naming another account: a request made for somewhere else.
  const accountSid = field(request.params, 'AccountSid');
  if (accountSid !== undefined && accountSid !== credentials.accountSid) {
    throw new AppError('invalid_request', 'AccountSid is not the Account SID of the Twilio account connected for this number.', { field: 'AccountSid' });
  }
  return organizationId;
}

/** Refuses (400, before anything is read or stored) a webhook whose fields do not have the shapes Twilio gives them. */
export function requireTwilioFieldShapes(params: TwilioParams, kind: 'sms' | 'status'): void {
  const problem = kind === 'sms' ? findInboundSmsFieldProblem(params) : findStatusCallbackFieldProblem(params);
  if (problem) throw new AppError('invalid_request', problem.message, { field: problem.field });
}

function signatureInvalid(): AppError {
  return new AppError('webhook_signature_invalid', 'The X-Twilio-Signature header is missing or does not match this request.');
}

export function field(params: TwilioParams, name: string): string | undefined {
  const value = params[name];
  return Array.isArray(value) ? value[0] : value;
}

const OPT_OUT_TYPES = new Set(['STOP', 'START', 'HELP']);

/**
 * An inbound text from Twilio, taken by the same use case as the API. The
 * reply is delivered in the webhook's TwiML answer, so it is recorded as sent.
 * A retried MessageSid is stored once and answered with the same reply:
 * Twilio retries only when it did not get (and so did not act on) our answer.
 */
export async function receiveTwilioSms(deps: AppDeps, organizationId: string, params: TwilioParams, options: { optOutOnly?: boolean } = {}): Promise<InboundOutcome> {
  const optOutType = field(params, 'OptOutType')?.trim().toUpperCase();
  return receiveInboundMessage(
    deps,
    organizationId,
    {
      from: field(params, 'From') ?? '',
      to: field(params, 'To') ?? null,
      body: field(params, 'Body') ?? '',
      providerMessageId: field(params, 'MessageSid') ?? field(params, 'SmsSid') ?? null,
      providerOptOutType: optOutType && OPT_OUT_TYPES.has(optOutType) ? (optOutType as 'STOP' | 'START' | 'HELP') : null,
    },
    { replyDelivery: 'response', provider: 'twilio', origin: TWILIO_CHANNEL, ...(options.optOutOnly ? { optOutOnly: true } : {}) },
  );
}

/**
 * An inbound text for an organization whose Twilio token this server cannot
 * decrypt (SECRET_KEY changed): its signature cannot be checked, yet a STOP
 * must not be lost, and Twilio does not retry a refused text. It is stored and
 * answered like any other, but can only opt the number out or hold it for
 * review (which only protect people); it never opts a number in. An alarm is
 * logged at error level on every such text until the credentials are saved again.
 */
export async function receiveUnverifiableTwilioSms(deps: AppDeps, unreadable: UnreadableTwilioCredentialsError, params: TwilioParams): Promise<InboundOutcome> {
  const accountSid = field(params, 'AccountSid');
  if (accountSid !== unreadable.accountSid) {
    throw new AppError('invalid_request', 'AccountSid is not the Account SID of the Twilio account connected for this number.', { field: 'AccountSid' });
  }
  deps.logger.error(
    { alarm: 'twilio_credentials_unreadable', organizationId: unreadable.organizationId, messageSid: field(params, 'MessageSid') },
    'ALARM: an inbound Twilio text arrived for an organization whose Auth Token cannot be decrypted (SECRET_KEY changed?). It was stored and may only opt the number out; save the Twilio credentials again.',
  );
  return receiveTwilioSms(deps, unreadable.organizationId, params, { optOutOnly: true });
}

/**
 * A status callback for an organization whose Twilio token this server cannot
 * decrypt: its signature cannot be checked, so it may change nothing but the
 * one thing that only protects people — Twilio's "recipient unsubscribed"
 * (21610) still opts the number out. Twilio is answered, so it stops retrying,
 * and an alarm is logged.
 */
export async function applyUnverifiableTwilioStatus(deps: AppDeps, unreadable: UnreadableTwilioCredentialsError, params: TwilioParams): Promise<void> {
  if (field(params, 'AccountSid') !== unreadable.accountSid) {
    throw new AppError('invalid_request', 'AccountSid is not the Account SID of the Twilio account connected for this number.', { field: 'AccountSid' });
  }
  deps.logger.error(
    { alarm: 'twilio_credentials_unreadable', organizationId: unreadable.organizationId, sid: field(params, 'MessageSid') ?? field(params, 'CallSid') },
    'ALARM: a Twilio status callback arrived for an organization whose Auth Token cannot be decrypted (SECRET_KEY changed?). Only an unsubscribed report (21610) was applied; save the Twilio credentials again.',
  );
  await applyTwilioStatus(deps, unreadable.organizationId, params, { optOutOnly: true });
}

const MESSAGE_STATUS: Record<string, 'sent' | 'delivered' | 'failed'> = {
  sent: 'sent',
  delivered: 'delivered',
  read: 'delivered',
  undelivered: 'failed',
  failed: 'failed',
};

const CALL_STATUS: Record<string, 'completed' | 'failed'> = {
  completed: 'completed',
  busy: 'failed',
  'no-answer': 'failed',
  failed: 'failed',
  canceled: 'failed',
};

/**
 * A Twilio status callback for a message or call this organization sent.
 * Moves its status forward only (queued/accepted/sending reports change
 * nothing), keeps Twilio's error code, and treats error 21610 (recipient
 * unsubscribed) as an opt-out of the number with source "provider".
 */
export async function applyTwilioStatus(deps: AppDeps, organizationId: string, params: TwilioParams, options: { optOutOnly?: boolean } = {}): Promise<void> {
  const now = deps.clock().toISOString();
  // Unverifiable: only a message's "recipient unsubscribed" may act; a call's progress never.
  if (options.optOutOnly && (field(params, 'ErrorCode')?.trim() !== TWILIO_UNSUBSCRIBED || !(field(params, 'MessageSid') ?? field(params, 'SmsSid')))) return;
  const callSid = field(params, 'CallSid');
  const callStatus = field(params, 'CallStatus');
  if (callSid && callStatus && !field(params, 'MessageSid')) {
    const status = CALL_STATUS[callStatus];
    if (status) {
      const failed = status === 'failed';
      await advanceCallStatus(deps.db, organizationId, callSid, status, { errorCode: failed ? callStatus : null, errorMessage: failed ? `Twilio reported the call ${callStatus}.` : null, now });
    }
    return;
  }

  const sid = field(params, 'MessageSid') ?? field(params, 'SmsSid');
  const reported = (field(params, 'MessageStatus') ?? field(params, 'SmsStatus'))?.toLowerCase();
  const status = reported ? MESSAGE_STATUS[reported] : undefined;
  if (!sid || !status) return;
  const message = await findOutboundMessageByProviderId(deps.db, organizationId, sid);
  if (!message) {
    // The report can beat our own record of Twilio's answer by a moment; nothing to update yet.
    deps.logger.info({ organizationId, sid, status: reported }, 'Twilio status for a message not (yet) known here; ignored');
    return;
  }
  const errorCode = field(params, 'ErrorCode')?.trim() || null;
  const errorMessage = errorCode ? (field(params, 'ErrorMessage')?.slice(0, 500) ?? `Twilio error ${errorCode}.`) : null;
  if (errorCode === TWILIO_UNSUBSCRIBED && message.to_number) {
    const phone = message.to_number;
    await deps.transact(async (trx) => {
      // The number's lock first (inside recordOptOut), then the message row.
      await recordOptOut(trx, deps, {
        organizationId,
        phone,
        source: 'provider',
        keyword: null,
        rule: `provider.${TWILIO_UNSUBSCRIBED}`,
        reason: `Twilio reported the recipient unsubscribed (code ${TWILIO_UNSUBSCRIBED}).`,
        messageId: message.id,
        channel: TWILIO_CHANNEL,
      });
      await advanceMessageStatus(trx, organizationId, message.id, 'failed', { errorCode, errorMessage, now });
    });
    return;
  }
  await advanceMessageStatus(deps.db, organizationId, message.id, status, { errorCode, errorMessage, now });
}
