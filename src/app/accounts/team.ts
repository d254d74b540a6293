import { AppError } from '../../domain/errors.js';
import type { Role } from '../../domain/roles.js';
import { isUniqueViolation } from '../../storage/executor.js';
import { insertApiKey, listApiKeys, revokeApiKey } from '../../storage/repositories/api-keys.repository.js';
import { findUserByEmail, findUserInOrganization, insertUser, listUsers, removeUser, updateUserPhone } from '../../storage/repositories/users.repository.js';
import { normalizePhone } from '../../domain/phone.js';
import { loadOrganization } from '../organization.js';
import type { ApiKeyRow, UserRow } from '../../storage/schema.js';
import { nowIso, type AppDeps, type Principal } from '../context.js';
import { requireAdministrator } from '../policies.js';
import { hashPassword } from './passwords.js';
import { hashToken, newSecretToken } from './tokens.js';
import { normalizeEmail, validatePassword } from './validation.js';

export interface NewUserInput {
  name: string;
  email: string;
  password: string;
  role: Exclude<Role, 'owner'>;
}

/** Adds a teammate to the caller's organization (owners and admins only). */
export async function createUser(deps: AppDeps, principal: Principal, input: NewUserInput): Promise<UserRow> {
  requireAdministrator(principal, 'add users');
  const email = normalizeEmail(input.email);
  validatePassword(input.password);
  const name = input.name.trim();
  if (!name) throw new AppError('invalid_request', 'name: give the person a name.', { field: 'name' });
  if (await findUserByEmail(deps.db, email)) throw new AppError('email_taken', 'email: an account with this email already exists.', { field: 'email' });
  const user: UserRow = {
    id: deps.newId(),
    organization_id: principal.organizationId,
    name,
    email,
    password_hash: await hashPassword(input.password),
    role: input.role,
    phone: null,
    created_at: nowIso(deps),
    removed_at: null,
  };
  try {
    await insertUser(deps.db, user);
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('email_taken', 'email: an account with this email already exists.', { field: 'email' });
    throw error;
  }
  return user;
}

export async function listTeam(deps: AppDeps, principal: Principal): Promise<UserRow[]> {
  return listUsers(deps.db, principal.organizationId);
}

/** Creates an API key acting as the caller; the key is returned once and stored hashed. */
export async function createApiKey(deps: AppDeps, principal: Principal, name: string): Promise<{ row: ApiKeyRow; key: string }> {
  requireAdministrator(principal, 'create API keys');
  const trimmed = name.trim();
  if (!trimmed) throw new AppError('invalid_request', 'name: name the key after what will use it.', { field: 'name' });
  const key = newSecretToken('sp_');
  const row: ApiKeyRow = {
    id: deps.newId(),
    organization_id: principal.organizationId,
    user_id: principal.userId,
    name: trimmed,
    key_hash: hashToken(key),
    key_prefix: key.slice(0, 10),
    created_at: nowIso(deps),
    last_used_at: null,
    revoked_at: null,
  };
  await insertApiKey(deps.db, row);
  return { row, key };
}

export async function listOrganizationApiKeys(deps: AppDeps, principal: Principal): Promise<ApiKeyRow[]> {
  requireAdministrator(principal, 'list API keys');
  return listApiKeys(deps.db, principal.organizationId);
}

export async function revokeOrganizationApiKey(deps: AppDeps, principal: Principal, id: string): Promise<ApiKeyRow> {
  requireAdministrator(principal, 'revoke API keys');
  const row = await revokeApiKey(deps.db, principal.organizationId, id, nowIso(deps));
  if (!row) throw new AppError('not_found', 'No such API key in this organization.');
  return row;
}

/**
 * Removes a teammate (owners only): from that moment they cannot log in, every
 * session of theirs has ended and every API key they created is revoked. Their
 * name stays on what they did. An owner cannot remove themselves.
 */
export async function removeTeammate(deps: AppDeps, principal: Principal, userId: string): Promise<UserRow> {
  if (principal.role !== 'owner') throw new AppError('forbidden', 'Only the owner can remove teammates.');
  const user = await findUserInOrganization(deps.db, principal.organizationId, userId);
  if (!user || user.removed_at !== null) throw new AppError('not_found', 'No such teammate in this organization.');
  if (user.id === principal.userId || user.role === 'owner') throw new AppError('invalid_request', 'An owner cannot be removed from their own organization.');
  await deps.db.transaction().execute((trx) => removeUser(trx, principal.organizationId, user.id, nowIso(deps)));
  return (await findUserInOrganization(deps.db, principal.organizationId, user.id))!;
}

/** Each user saves their own phone: where a click-to-call rings them first. Empty clears it. */
export async function updateMyProfile(deps: AppDeps, principal: Principal, input: { phone?: string | null }): Promise<UserRow> {
  let phone: string | null = null;
  if (input.phone && input.phone.trim()) {
    const { organization } = await loadOrganization(deps.db, principal.organizationId);
    phone = normalizePhone(input.phone, organization.default_country, 'phone');
  }
  const user = await updateUserPhone(deps.db, principal.organizationId, principal.userId, phone);
  if (!user) throw new AppError('not_found', 'Your user no longer exists.');
  return user;
}
