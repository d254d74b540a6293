/**
 * Calls as a channel: the statuses a call moves through, the shapes of
 * Twilio's identifiers, and the spoken opt-out (DESIGN rule 13). Pure.
 */
import { AppError } from './errors.js';

export type CallProgress = 'queued' | 'sending' | 'initiated' | 'ringing' | 'in-progress' | 'completed' | 'busy' | 'no-answer' | 'failed' | 'canceled';

/** Once a call has one of these it never changes again. */
export const FINAL_CALL_STATUSES: readonly CallProgress[] = ['completed', 'busy', 'no-answer', 'failed', 'canceled'];

/** The statuses a provider may report, in the order a call moves through them. */
const REPORTED: Readonly<Record<string, CallProgress>> = {
  queued: 'initiated',
  initiated: 'initiated',
  ringing: 'ringing',
  answered: 'in-progress',
  'in-progress': 'in-progress',
  completed: 'completed',
  busy: 'busy',
  'no-answer': 'no-answer',
  failed: 'failed',
  canceled: 'canceled',
};

/** Twilio's word for a call's state as ours, or null for one we do not know. */
export function callStatusFromReport(reported: string | undefined): CallProgress | null {
  return reported ? REPORTED[reported.trim().toLowerCase()] ?? null : null;
}

/**
 * The statuses a call may be in for `next` to replace it: only forwards, and
 * never away from a final status, so reports that arrive late or twice
 * cannot move a call back (e.g. "ringing" after "completed" changes nothing).
 */
export function statusesBefore(next: CallProgress): CallProgress[] {
  const order: CallProgress[] = ['queued', 'sending', 'initiated', 'ringing', 'in-progress'];
  if (FINAL_CALL_STATUSES.includes(next)) return order;
  return order.slice(0, order.indexOf(next));
}

/** Keys a person can press for the opt-out: one digit, * or #. */
const KEY = /^[0-9*#]$/;
export const DEFAULT_OPT_OUT_KEY = '9';
export const MAX_VOICE_MESSAGE_LENGTH = 1000;

/** The sentence every automated message and inbound greeting ends with, e.g. "Press 9 to stop all calls and texts from Acme Solar." */
export function optOutPrompt(key: string, organizationName: string): string {
  const spoken = key === '*' ? 'star' : key === '#' ? 'pound' : key;
  return `Press ${spoken} to stop all calls and texts from ${organizationName}.`;
}

/** What the caller hears after pressing the opt-out key. */
export function optOutConfirmation(organizationName: string): string {
  return `You will receive no more calls or texts from ${organizationName}. Goodbye.`;
}

export function validateOptOutKey(key: unknown): string {
  if (typeof key !== 'string' || !KEY.test(key)) throw new AppError('invalid_request', 'voiceOptOutKey: one key, 0 to 9, * or #.', { field: 'voiceOptOutKey' });
  return key;
}

/** The words of an automated call, trimmed; an audio URL must be http(s). */
export function validateVoiceMessage(input: { voiceMessage?: unknown; audioUrl?: unknown }, field = 'voiceMessage'): { voiceMessage: string; audioUrl: string | null } {
  const words = typeof input.voiceMessage === 'string' ? input.voiceMessage.trim() : '';
  if (!words) throw new AppError('invalid_request', `${field}: write the words the call speaks.`, { field });
  if (words.length > MAX_VOICE_MESSAGE_LENGTH) throw new AppError('invalid_request', `${field}: keep it to ${MAX_VOICE_MESSAGE_LENGTH} characters.`, { field });
  let audioUrl: string | null = null;
  if (input.audioUrl !== undefined && input.audioUrl !== null && input.audioUrl !== '') {
    const raw = typeof input.audioUrl === 'string' ? input.audioUrl.trim() : '';
    let ok = false;
    try {
      ok = ['http:', 'https:'].includes(new URL(raw).protocol);
    } catch {
      ok = false;
    }
    if (!ok) throw new AppError('invalid_request', 'audioUrl: an http(s) URL of a recording.', { field: 'audioUrl' });
    audioUrl = raw;
  }
  return { voiceMessage: words, audioUrl };
}
