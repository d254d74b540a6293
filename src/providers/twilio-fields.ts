/**
 * The shapes of the Twilio webhook fields this server acts on. Twilio's
 * signature is an HMAC over the URL and every key and value concatenated with
 * nothing between them, so it cannot tell `MessageSid=SM…&NumMedia=0` from
 * `MessageSid=SM…NumMedia0`: text can slide from one field into the next
 * without changing the signature. A signature therefore proves the bytes came
 * from Twilio, not where one field ends; each field we rely on must also have
 * exactly the shape Twilio gives it, or the request is refused.
 */
import type { TwilioParams } from './twilio-signature.js';

/** The shapes of Twilio's ids: the one place that knows them. */
export const MESSAGE_SID = /^(SM|MM)[0-9a-f]{32}$/;
export const CALL_SID = /^CA[0-9a-f]{32}$/;
export const ACCOUNT_SID = /^AC[0-9a-f]{32}$/;
const E164 = /^\+[1-9][0-9]{1,14}$/;

export interface TwilioFieldProblem {
  field: string;
  message: string;
}

/** The single value of a field: undefined when absent, null when it was sent more than once (itself a sign of tampering). */
function single(params: TwilioParams, name: string): string | undefined | null {
  const value = params[name];
  if (Array.isArray(value)) return null;
  return value;
}

function check(params: TwilioParams, name: string, shape: RegExp, required: boolean, describe: string): TwilioFieldProblem | null {
  const value = single(params, name);
  if (value === undefined) return required ? { field: name, message: `${name} is missing; Twilio always sends it.` } : null;
  if (value === null) return { field: name, message: `${name} was sent more than once.` };
  return shape.test(value) ? null : { field: name, message: `${name} is not ${describe}.` };
}

/**
 * The first problem with an inbound-text webhook's fields, or null: MessageSid
 * (and SmsSid/SmsMessageSid, when sent, equal to it) `^(SM|MM)` + 32 hex,
 * AccountSid `^AC` + 32 hex, From and To in E.164.
 */
export function findInboundSmsFieldProblem(params: TwilioParams): TwilioFieldProblem | null {
  const problem =
    check(params, 'MessageSid', MESSAGE_SID, true, 'a Twilio message SID (SM or MM and 32 hexadecimal characters)') ??
    check(params, 'AccountSid', ACCOUNT_SID, true, 'a Twilio Account SID (AC and 32 hexadecimal characters)') ??
    check(params, 'From', E164, true, 'a phone number in E.164 form') ??
    check(params, 'To', E164, true, 'a phone number in E.164 form');
  if (problem) return problem;
  for (const alias of ['SmsSid', 'SmsMessageSid']) {
    const value = single(params, alias);
    if (value !== undefined && value !== params.MessageSid) return { field: alias, message: `${alias} differs from MessageSid.` };
  }
  return null;
}

/**
 * The first problem with a status callback's fields, or null: whichever of
 * MessageSid/SmsSid, CallSid and AccountSid are sent must have Twilio's shape,
 * and one of the two SIDs must be there.
 */
export function findStatusCallbackFieldProblem(params: TwilioParams): TwilioFieldProblem | null {
  const problem =
    check(params, 'MessageSid', MESSAGE_SID, false, 'a Twilio message SID (SM or MM and 32 hexadecimal characters)') ??
    check(params, 'SmsSid', MESSAGE_SID, false, 'a Twilio message SID (SM or MM and 32 hexadecimal characters)') ??
    check(params, 'CallSid', CALL_SID, false, 'a Twilio call SID (CA and 32 hexadecimal characters)') ??
    check(params, 'AccountSid', ACCOUNT_SID, false, 'a Twilio Account SID (AC and 32 hexadecimal characters)');
  if (problem) return problem;
  if (params.MessageSid === undefined && params.SmsSid === undefined && params.CallSid === undefined) {
    return { field: 'MessageSid', message: 'MessageSid or CallSid is missing; Twilio always sends one.' };
  }
  return null;
}
