import { AppError } from '../../domain/errors.js';
import { DEFAULT_OPT_OUT_SETTINGS } from '../../domain/opt-out-settings.js';
import { isUniqueViolation } from '../../storage/executor.js';
import { insertApiKey } from '../../storage/repositories/api-keys.repository.js';
import { insertOrganization } from '../../storage/repositories/organizations.repository.js';
import { findUserByEmail, insertUser } from '../../storage/repositories/users.repository.js';
import type { OrganizationRow, UserRow } from '../../storage/schema.js';
import { nowIso, type AppDeps } from '../context.js';
import { hashPassword } from './passwords.js';
import { hashToken, newSecretToken } from './tokens.js';
import { normalizeEmail, validatePassword } from './validation.js';

export interface SignUpInput {
  organization: string;
  name: string;
  email: string;
  password: string;
  defaultCountry?: string;
}

export interface SignUpResult {
  organization: OrganizationRow;
  user: UserRow;
  apiKey: string;
}

/** Creates an organization, its owner and a first API key (returned once, stored hashed). */
export async function signUp(deps: AppDeps, input: SignUpInput): Promise<SignUpResult> {
  const email = normalizeEmail(input.email);
  validatePassword(input.password);
  const organizationName = input.organization.trim();
  const name = input.name.trim();
  if (!organizationName) throw new AppError('invalid_request', 'organization: give the business a name.', { field: 'organization' });
  if (!name) throw new AppError('invalid_request', 'name: give your name.', { field: 'name' });
  // The slow hash comes first, so a taken email cannot be told apart by how fast the answer comes.
  const passwordHash = await hashPassword(input.password);
  if (await findUserByEmail(deps.db, email)) throw new AppError('email_taken', 'email: an account with this email already exists; log in instead.', { field: 'email' });
  const now = nowIso(deps);
  const organization: OrganizationRow = {
    id: deps.newId(),
    name: organizationName,
    default_country: input.defaultCountry ?? 'US',
    settings: JSON.stringify(DEFAULT_OPT_OUT_SETTINGS),
    created_at: now,
  };
  const user: UserRow = { id: deps.newId(), organization_id: organization.id, name, email, password_hash: passwordHash, role: 'owner', phone: null, created_at: now, removed_at: null };
  const apiKey = newSecretToken('sp_');
  try {
    await deps.db.transaction().execute(async (trx) => {
      await insertOrganization(trx, organization);
      await insertUser(trx, user);
      await insertApiKey(trx, {
        id: deps.newId(),
        organization_id: organization.id,
        user_id: user.id,
        name: 'Default key',
        key_hash: hashToken(apiKey),
        key_prefix: apiKey.slice(0, 10),
        created_at: now,
        last_used_at: null,
        revoked_at: null,
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('email_taken', 'email: an account with this email already exists; log in instead.', { field: 'email' });
    throw error;
  }
  return { organization, user, apiKey };
}
