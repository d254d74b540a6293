import type { Executor } from '../executor.js';
import type { ApiKeyRow } from '../schema.js';

export interface ApiKeyPrincipalRow {
  id: string;
  key_hash: string;
  organization_id: string;
  user_id: string;
  role: 'owner' | 'admin' | 'agent';
  revoked_at: string | null;
  last_used_at: string | null;
}

export async function insertApiKey(db: Executor, row: ApiKeyRow): Promise<void> {
  await db.insertInto('api_keys').values(row).execute();
}

export async function findApiKeyPrincipal(db: Executor, keyHash: string): Promise<ApiKeyPrincipalRow | undefined> {
  return db
    .selectFrom('api_keys')
    .innerJoin('users', 'users.id', 'api_keys.user_id')
    .select([
      'api_keys.id',
      'api_keys.key_hash',
      'api_keys.organization_id',
      'api_keys.user_id',
      'api_keys.revoked_at',
      'api_keys.last_used_at',
      'users.role',
    ])
    .where('api_keys.key_hash', '=', keyHash)
    .where('users.removed_at', 'is', null)
    .executeTakeFirst();
}

export async function listApiKeys(db: Executor, organizationId: string): Promise<ApiKeyRow[]> {
  return db
    .selectFrom('api_keys')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export async function revokeApiKey(db: Executor, organizationId: string, id: string, now: string): Promise<ApiKeyRow | undefined> {
  await db
    .updateTable('api_keys')
    .set({ revoked_at: now })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
  return db
    .selectFrom('api_keys')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Records that the key was used at `now`, unless that was already recorded after `notBefore`. */
export async function touchApiKey(db: Executor, id: string, now: string, notBefore: string): Promise<void> {
  await db
    .updateTable('api_keys')
    .set({ last_used_at: now })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', notBefore)]))
    .execute();
}
