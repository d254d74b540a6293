import { AppError } from '../../domain/errors.js';
import { looksLikeE164, tryNormalizePhone } from '../../domain/phone.js';
import { findOptedOutPhones } from '../../storage/repositories/phone-consent.repository.js';
import { searchOptOuts, type OptOutRow } from '../../storage/repositories/opt-out-search.repository.js';
import type { Page } from '../../storage/pagination.js';
import { parseSearch } from '../contacts/contacts.js';
import type { AppDeps, Principal } from '../context.js';
import { loadOrganization } from '../organization.js';

export const MAX_CHECK_PHONES = 10_000;

export async function listOptOuts(deps: AppDeps, principal: Principal, query: { search?: string; limit: number; cursor?: string }): Promise<Page<OptOutRow>> {
  const { text, digits } = parseSearch(query.search);
  return searchOptOuts(deps.db, { organizationId: principal.organizationId, text, digits, limit: query.limit, cursor: query.cursor ?? null });
}

export interface CheckResult {
  optedOut: string[];
  /** Inputs that are not phone numbers, so could not be checked. */
  invalid: string[];
}

/**
 * Which of up to 10,000 numbers are opted out, for screening a list before
 * a campaign. Numbers already in E.164 skip parsing; the lookup is one
 * query for all of them.
 */
export async function checkOptOuts(deps: AppDeps, principal: Principal, phones: string[]): Promise<CheckResult> {
  if (phones.length > MAX_CHECK_PHONES) throw new AppError('invalid_request', `phones: check at most ${MAX_CHECK_PHONES} numbers at a time.`, { field: 'phones' });
  // The organization's country matters only for numbers not written in E.164; look it up once, if at all.
  let country: string | null = null;
  const normalized = new Set<string>();
  const invalid: string[] = [];
  for (const input of phones) {
    if (looksLikeE164(input)) {
      normalized.add(input);
      continue;
    }
    country ??= (await loadOrganization(deps.db, principal.organizationId)).organization.default_country;
    const phone = tryNormalizePhone(input, country);
    if (phone === null) invalid.push(input);
    else normalized.add(phone);
  }
  const optedOut = await findOptedOutPhones(deps.db, principal.organizationId, [...normalized]);
  return { optedOut, invalid };
}
