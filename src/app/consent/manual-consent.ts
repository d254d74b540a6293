import { AppError } from '../../domain/errors.js';
import { normalizePhone } from '../../domain/phone.js';
import type { ContactWithConsent } from '../../storage/repositories/contacts.repository.js';
import { findContactByPhone } from '../../storage/repositories/contacts.repository.js';
import type { PhoneConsentRow } from '../../storage/schema.js';
import { requireContact } from '../contacts/contacts.js';
import { channelOf, type AppDeps, type Principal } from '../context.js';
import { loadOrganization } from '../organization.js';
import { requireMayOptIn } from '../policies.js';
import { recordOptIn, recordOptOut, type ConsentChange } from './record-consent-change.js';

export const OPT_IN_ATTESTATION = 'contact_requested';
const MAX_REASON = 500;

/** Any teammate may opt a contact out; an opted-out contact stays opted out. */
export async function optOutContact(deps: AppDeps, principal: Principal, contactId: string, reason: string | null | undefined): Promise<ContactWithConsent> {
  return changeContactConsent(deps, principal, contactId, recordOptOut, { reason: cleanReason(reason) ?? 'Opted out by a teammate' });
}

/**
 * Opts a bare number out (it need not have a contact). From the API the
 * source is "api" for keys and "manual" for someone using the app.
 */
export async function optOutNumber(deps: AppDeps, principal: Principal, phoneInput: string, reason: string | null | undefined): Promise<{ consent: PhoneConsentRow; changed: boolean }> {
  const { organization } = await loadOrganization(deps.db, principal.organizationId);
  const phone = normalizePhone(phoneInput, organization.default_country);
  return deps.transact((trx) =>
    recordOptOut(trx, deps, {
      organizationId: principal.organizationId,
      phone,
      source: principal.via === 'api_key' ? 'api' : 'manual',
      reason: cleanReason(reason) ?? 'Added to the opt-out list',
      actorUserId: principal.userId,
      channel: channelOf(principal),
    }),
  );
}

/**
 * Opts a contact back in. Only owners and admins may, and only with the
 * attestation that the contact asked and a note saying how — the ledger
 * keeps both.
 */
export async function optInContact(
  deps: AppDeps,
  principal: Principal,
  contactId: string,
  input: { attestation?: string | null; note?: string | null },
): Promise<ContactWithConsent> {
  requireMayOptIn(principal);
  if (input.attestation !== OPT_IN_ATTESTATION) {
    throw new AppError('attestation_required', `attestation: confirm the contact asked to receive messages again ("${OPT_IN_ATTESTATION}").`, { field: 'attestation' });
  }
  const note = cleanReason(input.note);
  if (!note) throw new AppError('attestation_required', 'note: say how and when the contact asked to be opted back in.', { field: 'note' });
  return changeContactConsent(deps, principal, contactId, recordOptIn, { reason: 'Contact asked to receive messages again', note, attestation: OPT_IN_ATTESTATION });
}

/** A teammate's change of a contact's number, in one transaction, with the teammate as the actor. */
async function changeContactConsent(
  deps: AppDeps,
  principal: Principal,
  contactId: string,
  record: typeof recordOptOut,
  change: Pick<ConsentChange, 'reason' | 'note' | 'attestation'>,
): Promise<ContactWithConsent> {
  const contact = await requireContact(deps.db, principal.organizationId, contactId);
  const { consent } = await deps.transact((trx) =>
    record(trx, deps, { organizationId: principal.organizationId, phone: contact.phone, source: 'manual', actorUserId: principal.userId, channel: channelOf(principal), ...change }),
  );
  return { contact, consent };
}

export async function contactForNumber(deps: AppDeps, organizationId: string, phone: string) {
  return (await findContactByPhone(deps.db, organizationId, phone)) ?? null;
}

function cleanReason(reason: string | null | undefined): string | null {
  const trimmed = reason?.trim();
  if (!trimmed) return null;
  if (trimmed.length > MAX_REASON) throw new AppError('invalid_request', `reason: keep it to ${MAX_REASON} characters.`, { field: 'reason' });
  return trimmed;
}
