import { describe, expect, it } from 'vitest';
import { confirmationPurpose, decideSend, type ConsentState, type MessagePurpose, type SendDecision } from '../../src/domain/send-gate.js';

const ALLOWED: ConsentState = { optedOut: false, reviewPending: false };
const OPTED_OUT: ConsentState = { optedOut: true, reviewPending: false };
const IN_REVIEW: ConsentState = { optedOut: false, reviewPending: true };
// An opt-out settles a pending review, but the gate must not depend on that having happened.
const OPTED_OUT_IN_REVIEW: ConsentState = { optedOut: true, reviewPending: true };

/** Every purpose against every consent state: the whole rule as a table. */
const TABLE: [MessagePurpose, SendDecision, SendDecision, SendDecision, SendDecision][] = [
  //  purpose          allowed  opted out  in review  opted out + review
  ['manual', 'send', 'cancel', 'hold', 'cancel'],
  ['api', 'send', 'cancel', 'hold', 'cancel'],
  ['sequence', 'send', 'cancel', 'hold', 'cancel'],
  ['reply_opt_out', 'send', 'send', 'send', 'send'],
  ['reply_opt_in', 'send', 'cancel', 'send', 'cancel'],
  ['reply_help', 'send', 'cancel', 'send', 'cancel'],
  ['inbound', 'cancel', 'cancel', 'cancel', 'cancel'],
];

describe('the send gate', () => {
  it.each(TABLE)('%s: %s when allowed, %s when opted out, %s while a reply awaits review, %s when both', (purpose, allowed, optedOut, inReview, both) => {
    expect(decideSend(ALLOWED, purpose)).toBe(allowed);
    expect(decideSend(OPTED_OUT, purpose)).toBe(optedOut);
    expect(decideSend(IN_REVIEW, purpose)).toBe(inReview);
    expect(decideSend(OPTED_OUT_IN_REVIEW, purpose)).toBe(both);
  });

  it('lets exactly one kind of text reach an opted-out number: the confirmation of its opt-out', () => {
    const reaching = TABLE.map(([purpose]) => purpose).filter((purpose) => decideSend(OPTED_OUT, purpose) === 'send');
    expect(reaching).toEqual(['reply_opt_out']);
    expect(confirmationPurpose('opted_out')).toBe('reply_opt_out');
  });

  it('never holds what it would cancel: an opted-out number is canceled, not kept for later', () => {
    for (const [purpose] of TABLE) expect(decideSend(OPTED_OUT_IN_REVIEW, purpose)).not.toBe('hold');
  });

  it('names the opt-in confirmation for an opt-in', () => {
    expect(confirmationPurpose('opted_in')).toBe('reply_opt_in');
  });
});
