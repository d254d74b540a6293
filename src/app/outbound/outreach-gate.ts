import { AppError } from '../../domain/errors.js';
import type { Executor, Trx } from '../../storage/executor.js';
import { findPhoneConsent, lockPhoneConsent } from '../../storage/repositories/consent.repository.js';
import type { PhoneConsentRow } from '../../storage/schema.js';

/**
 * The gate every text and call passes. `refuseIfOptedOut` is a cheap
 * unlocked read that turns away most refusals without a write;
 * `lockAllowedNumber` is the authoritative check, taken inside the
 * transaction that records the outbound message, holding the number's lock
 * so an opt-out on any instance either commits before (and this refuses) or
 * after (and cancels what this queued).
 */
export async function refuseIfOptedOut(db: Executor, organizationId: string, phone: string): Promise<void> {
  const consent = await findPhoneConsent(db, organizationId, phone);
  if (consent?.opted_out === 1) throw optedOutError(consent);
}

export async function lockAllowedNumber(trx: Trx, organizationId: string, phone: string): Promise<PhoneConsentRow> {
  const consent = await lockPhoneConsent(trx, organizationId, phone);
  if (consent.opted_out === 1) throw optedOutError(consent);
  return consent;
}

export function optedOutError(consent: PhoneConsentRow): AppError {
  const how = consent.keyword ? ` (${consent.source}: ${consent.keyword})` : consent.source ? ` (${consent.source})` : '';
  const when = consent.changed_at ? ` on ${consent.changed_at}` : '';
  return new AppError('contact_opted_out', `${consent.phone} opted out${when}${how} and will not be contacted.`);
}
