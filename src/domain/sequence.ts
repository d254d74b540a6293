import { AppError } from './errors.js';
import { validateVoiceMessage } from './voice-call.js';

/** A call step speaks `voiceMessage` (and plays `audioUrl`), then offers the keypress opt-out; steps saved before words existed speak a greeting. */
export type SequenceStep = { type: 'sms'; body: string; delayMinutes: number } | { type: 'call'; delayMinutes: number; voiceMessage?: string; audioUrl?: string | null };

/** What a call step saved without words says. */
export function defaultVoiceMessage(organizationName: string): string {
  return `Hello, this is ${organizationName} calling about your enquiry. We will try you again soon.`;
}

export const MAX_SEQUENCE_STEPS = 50;
/** A year: a step further out than that is a mistake, not a plan. */
export const MAX_STEP_DELAY_MINUTES = 525_600;
const MAX_SMS_BODY = 1600;

/**
 * Checks and cleans a sequence's steps: 1–50 steps, each an "sms" with a
 * non-empty body or a "call", each with a whole-minute delay after the step
 * before (the first step's delay counts from enrollment). Throws
 * invalid_request naming the field, e.g. "steps.1.body".
 */
export function validateSequenceSteps(steps: readonly unknown[]): SequenceStep[] {
  if (steps.length === 0 || steps.length > MAX_SEQUENCE_STEPS) {
    throw new AppError('invalid_request', `steps: give 1 to ${MAX_SEQUENCE_STEPS} steps.`, { field: 'steps' });
  }
  return steps.map((raw, index) => {
    const step = (raw ?? {}) as { type?: unknown; body?: unknown; delayMinutes?: unknown; voiceMessage?: unknown; audioUrl?: unknown };
    const field = `steps.${index}`;
    const delay = step.delayMinutes;
    if (typeof delay !== 'number' || !Number.isInteger(delay) || delay < 0 || delay > MAX_STEP_DELAY_MINUTES) {
      throw new AppError('invalid_request', `${field}.delayMinutes: use whole minutes from 0 to ${MAX_STEP_DELAY_MINUTES}.`, { field: `${field}.delayMinutes` });
    }
    if (step.type === 'call') {
      if (step.voiceMessage === undefined || step.voiceMessage === null) return { type: 'call', delayMinutes: delay };
      const words = validateVoiceMessage(step, `${field}.voiceMessage`);
      return { type: 'call', delayMinutes: delay, voiceMessage: words.voiceMessage, audioUrl: words.audioUrl };
    }
    if (step.type !== 'sms') throw new AppError('invalid_request', `${field}.type: must be "sms" or "call".`, { field: `${field}.type` });
    const body = typeof step.body === 'string' ? step.body.trim() : '';
    if (!body) throw new AppError('invalid_request', `${field}.body: write the text this step sends.`, { field: `${field}.body` });
    if (body.length > MAX_SMS_BODY) throw new AppError('invalid_request', `${field}.body: keep messages to ${MAX_SMS_BODY} characters.`, { field: `${field}.body` });
    return { type: 'sms', body, delayMinutes: delay };
  });
}

/** When a step falls due: `delayMinutes` after `from` (enrollment, or the run of the step before). */
export function stepDueAt(from: Date, step: SequenceStep): Date {
  return new Date(from.getTime() + step.delayMinutes * 60_000);
}
