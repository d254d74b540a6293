import { AppError } from '../../domain/errors.js';
import { normalizePhone } from '../../domain/phone.js';
import { isUniqueViolation } from '../../storage/executor.js';
import { findOrganizationNumber, findProvenTwilioNumber, insertPhoneNumber, listPhoneNumbers, markNumberProven } from '../../storage/repositories/numbers.repository.js';
import type { PhoneNumberRow } from '../../storage/schema.js';
import { requireAdministrator } from '../policies.js';
import { nowIso, type AppDeps, type Principal } from '../context.js';
import { loadOrganization } from '../organization.js';
import { loadTwilioCredentials } from '../providers/twilio-credentials.js';

/**
 * Registers a sender number (rule 12). A `console` number is a sandbox label
 * of this organization: unique within it, invisible to every other one, and
 * never used to route a provider's webhook. A `twilio` number is registered
 * only once the organization's own Twilio account lists it; only such proven
 * numbers route Twilio's webhooks, and they are unique across organizations.
 * Nothing here tells a caller which numbers another organization holds: the
 * only cross-organization refusal comes after the caller's Twilio account has
 * proven it owns the number.
 */
export async function registerPhoneNumber(deps: AppDeps, principal: Principal, input: { phoneNumber: string; provider: 'console' | 'twilio' }): Promise<PhoneNumberRow> {
  requireAdministrator(principal, 'register sender numbers');
  const { organization } = await loadOrganization(deps.db, principal.organizationId);
  const phoneNumber = normalizePhone(input.phoneNumber, organization.default_country, 'phoneNumber');
  const own = await findOrganizationNumber(deps.db, principal.organizationId, phoneNumber);
  if (input.provider === 'console') {
    if (own) throw alreadyRegistered(phoneNumber);
    return insert(deps, { organizationId: principal.organizationId, phoneNumber, provider: 'console', proof: null });
  }

  if (own?.provider === 'twilio' && own.verified_at !== null) throw alreadyRegistered(phoneNumber);
  const proof = await proveTwilioOwnership(deps, principal.organizationId, phoneNumber);
  const elsewhere = await findProvenTwilioNumber(deps.db, phoneNumber);
  if (elsewhere && elsewhere.organization_id !== principal.organizationId) throw provenElsewhere(phoneNumber);
  try {
    // A console label or a Twilio number from before proofs becomes the proven Twilio number.
    if (own) return await markNumberProven(deps.db, own.id, { verifiedAt: nowIso(deps), sid: proof.sid });
    return await insert(deps, { organizationId: principal.organizationId, phoneNumber, provider: 'twilio', proof });
  } catch (error) {
    // Another organization proved the same number a moment ago.
    if (isUniqueViolation(error)) throw provenElsewhere(phoneNumber);
    throw error;
  }
}

async function insert(deps: AppDeps, fields: { organizationId: string; phoneNumber: string; provider: 'console' | 'twilio'; proof: { sid: string } | null }): Promise<PhoneNumberRow> {
  const now = nowIso(deps);
  const row: PhoneNumberRow = {
    id: deps.newId(),
    organization_id: fields.organizationId,
    phone_number: fields.phoneNumber,
    provider: fields.provider,
    created_at: now,
    verified_at: fields.proof ? now : null,
    provider_number_sid: fields.proof?.sid ?? null,
  };
  try {
    await insertPhoneNumber(deps.db, row);
  } catch (error) {
    // The same organization registered it a moment ago; the proven-number index is the caller's to explain.
    if (isUniqueViolation(error) && fields.provider === 'console') throw alreadyRegistered(fields.phoneNumber);
    throw error;
  }
  return row;
}

/** Asks the organization's own Twilio account whether it owns the number; refuses with a typed error unless it does. */
async function proveTwilioOwnership(deps: AppDeps, organizationId: string, phoneNumber: string): Promise<{ sid: string }> {
  const credentials = await loadTwilioCredentials(deps, organizationId);
  if (!credentials) {
    throw new AppError('provider_not_configured', 'provider: add the organization\'s Twilio Account SID and Auth Token first (Settings → Twilio, or PUT /api/v1/providers/twilio); a Twilio number is registered only once that account confirms it owns the number.', { field: 'provider' });
  }
  const answer = await deps.twilioNumbers.findIncomingNumber(credentials, phoneNumber);
  switch (answer.kind) {
    case 'owned':
      return { sid: answer.sid };
    case 'not_owned':
      throw new AppError('phone_number_not_owned', `phoneNumber: the Twilio account ${credentials.accountSid} does not have ${phoneNumber} among its phone numbers. Buy or port it into that account (or a subaccount whose credentials you saved), then register it again.`, { field: 'phoneNumber' });
    case 'credentials_rejected':
      throw new AppError('provider_credentials_rejected', 'Twilio refused the saved Account SID and Auth Token; save current credentials under Settings → Twilio, then register the number again.', { field: 'provider' });
    case 'unavailable':
      deps.logger.warn({ organizationId, detail: answer.detail }, 'could not ask Twilio whether the account owns a number');
      throw new AppError('provider_unavailable', `Could not confirm the number with Twilio (${answer.detail}); nothing was registered. Try again shortly.`);
  }
}

function alreadyRegistered(phoneNumber: string): AppError {
  return new AppError('phone_number_taken', `phoneNumber: ${phoneNumber} is already one of your organization's numbers.`, { field: 'phoneNumber' });
}

// Said only to an organization whose own Twilio account has just proven it owns the number.
function provenElsewhere(phoneNumber: string): AppError {
  return new AppError('phone_number_taken', `phoneNumber: your Twilio account owns ${phoneNumber}, but another organization on this server connected it through the same Twilio account first. Each Twilio number routes to one organization; remove it there first.`, { field: 'phoneNumber' });
}

export async function listOrganizationNumbers(deps: AppDeps, principal: Principal): Promise<PhoneNumberRow[]> {
  return listPhoneNumbers(deps.db, principal.organizationId);
}
