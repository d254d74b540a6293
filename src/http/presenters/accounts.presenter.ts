import type { Static } from 'typebox';
import type { ApiKeyRow, OrganizationRow, UserRow } from '../../app/read-models.js';
import type { ApiKey, Organization, User } from './accounts.schema.js';

export function presentUser(row: UserRow): Static<typeof User> {
  return { id: row.id, name: row.name, email: row.email, role: row.role, phone: row.phone, createdAt: row.created_at, removedAt: row.removed_at };
}

export function presentOrganization(row: OrganizationRow): Static<typeof Organization> {
  return { id: row.id, name: row.name, defaultCountry: row.default_country, createdAt: row.created_at };
}

export function presentApiKey(row: ApiKeyRow): Static<typeof ApiKey> {
  return { id: row.id, name: row.name, prefix: row.key_prefix, createdAt: row.created_at, lastUsedAt: row.last_used_at, revokedAt: row.revoked_at };
}
