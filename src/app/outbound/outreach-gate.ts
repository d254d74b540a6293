import { AppError } from '../../domain/errors.js';
import { decideSend, type OutboundPurpose } from '../../domain/send-gate.js';
import type { Executor, Trx } from '../../storage/executor.js';
import { consentStateOf, findPhoneConsent, lockPhoneConsent } from '../../storage/repositories/phone-consent.repository.js';
import type { PhoneConsentRow } from '../../storage/schema.js';

/**
 * New texts, calls and enrollments ask the send gate before they are
 * written, and are refused (409 contact_opted_out) unless it says "send":
 * a held number is not queued for later, the sender is told.
 * `refuseIfOptedOut` is a cheap unlocked read that turns away most refusals
 * without a write; `lockAllowedNumber` is the authoritative check, taken
 * inside the transaction that records the outbound message, holding the
 * number's lock so an opt-out on any instance either commits before (and
 * this refuses) or after (and cancels what this queued).
 */
export async function refuseIfOptedOut(db: Executor, organizationId: string, phone: string, purpose: OutboundPurpose): Promise<void> {
  const consent = await findPhoneConsent(db, organizationId, phone);
  if (consent && decideSend(consentStateOf(consent), purpose) !== 'send') throw optedOutError(consent);
}

export async function lockAllowedNumber(trx: Trx, organizationId: string, phone: string, purpose: OutboundPurpose): Promise<PhoneConsentRow> {
  const consent = await lockPhoneConsent(trx, organizationId, phone);
  if (decideSend(consentStateOf(consent), purpose) !== 'send') throw optedOutError(consent);
  return consent;
}

export function optedOutError(consent: PhoneConsentRow): AppError {
  if (consent.opted_out !== 1) {
    return new AppError('contact_opted_out', 'A recent reply from this contact may be a request to stop; it awaits review in the review queue, and the contact will not be texted or called until a teammate decides.');
  }
  const how = consent.keyword
    ? ` (${describeSource(consent.source)} ${consent.keyword})`
    : consent.source === 'keyword' || consent.source === 'phrase'
      ? ' (asked to stop in a reply)'
      : consent.source
        ? ` (${describeSource(consent.source)})`
        : '';
  const when = consent.changed_at ? ` on ${consent.changed_at.slice(0, 10)} at ${consent.changed_at.slice(11, 16)} UTC` : '';
  return new AppError('contact_opted_out', `This contact opted out${when}${how} and will not be texted or called.`);
}

function describeSource(source: string | null): string {
  switch (source) {
    case 'keyword':
    case 'phrase':
      return 'replied';
    case 'manual':
      return 'by a teammate';
    case 'import':
      return 'imported list';
    case 'api':
      return 'through the API';
    case 'provider':
      return 'reported by the carrier';
    case 'keypress':
      return 'pressed the opt-out key on a call';
    case 'agent':
      return 'asked on a call';
    default:
      return source ?? 'unknown';
  }
}
