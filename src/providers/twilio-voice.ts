/**
 * The TwiML the voice webhooks answer with, built with Twilio's own package
 * (which escapes every value). Each function is one thing a caller hears.
 */
import twilio from 'twilio';

const { VoiceResponse } = twilio.twiml;

/** The agent answered and the contact may be called: connect them, showing the organization's number. */
export function dialContactTwiml(input: { callerId: string | null; contact: string; resultUrl: string }): string {
  const response = new VoiceResponse();
  response.dial({ ...(input.callerId ? { callerId: input.callerId } : {}), action: input.resultUrl, method: 'POST' }, input.contact);
  return response.toString();
}

/** Says a sentence and hangs up: the contact opted out meanwhile, or the call has nothing more to do. */
export function sayAndHangUpTwiml(words: string): string {
  const response = new VoiceResponse();
  response.say(words);
  response.hangup();
  return response.toString();
}

export function hangUpTwiml(): string {
  const response = new VoiceResponse();
  response.hangup();
  return response.toString();
}

/**
 * Speaks the message (and plays the recording), then the opt-out prompt,
 * all inside a one-digit <Gather>, so a key pressed at any moment counts;
 * Twilio posts the key (or nothing, after the timeout) to `keypressUrl`.
 */
export function gatherOptOutTwiml(input: { words: string[]; audioUrl?: string | null; prompt: string; keypressUrl: string }): string {
  const response = new VoiceResponse();
  const gather = response.gather({ numDigits: 1, action: input.keypressUrl, method: 'POST', timeout: 5, actionOnEmptyResult: true });
  for (const words of input.words) gather.say(words);
  if (input.audioUrl) gather.play(input.audioUrl);
  gather.say(input.prompt);
  return response.toString();
}

/** An inbound caller who did not opt out is put through to the organization's forwarding number. */
export function forwardTwiml(input: { forwardTo: string; resultUrl?: string }): string {
  const response = new VoiceResponse();
  response.dial(input.resultUrl ? { action: input.resultUrl, method: 'POST' } : {}, input.forwardTo);
  return response.toString();
}
