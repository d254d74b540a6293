import { AppError } from '../../domain/errors.js';
import { normalizePhone } from '../../domain/phone.js';
import { isUniqueViolation } from '../../storage/executor.js';
import { findPhoneNumber, insertPhoneNumber, listPhoneNumbers } from '../../storage/repositories/numbers.repository.js';
import type { PhoneNumberRow } from '../../storage/schema.js';
import { requireAdministrator } from '../policies.js';
import { nowIso, type AppDeps, type Principal } from '../context.js';
import { loadOrganization } from '../organization.js';

/** Registers a sender number; a number belongs to one organization only. */
export async function registerPhoneNumber(deps: AppDeps, principal: Principal, input: { phoneNumber: string; provider: 'console' | 'twilio' }): Promise<PhoneNumberRow> {
  requireAdministrator(principal, 'register sender numbers');
  const { organization } = await loadOrganization(deps.db, principal.organizationId);
  const row: PhoneNumberRow = {
    id: deps.newId(),
    organization_id: principal.organizationId,
    phone_number: normalizePhone(input.phoneNumber, organization.default_country, 'phoneNumber'),
    provider: input.provider,
    created_at: nowIso(deps),
    verified_at: null,
    provider_number_sid: null,
  };
  if (await findPhoneNumber(deps.db, row.phone_number)) throw new AppError('phone_number_taken', `phoneNumber: ${row.phone_number} is already registered.`, { field: 'phoneNumber' });
  try {
    await insertPhoneNumber(deps.db, row);
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('phone_number_taken', `phoneNumber: ${row.phone_number} is already registered.`, { field: 'phoneNumber' });
    throw error;
  }
  return row;
}

export async function listOrganizationNumbers(deps: AppDeps, principal: Principal): Promise<PhoneNumberRow[]> {
  return listPhoneNumbers(deps.db, principal.organizationId);
}
