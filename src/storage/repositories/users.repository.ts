import type { Executor } from '../executor.js';
import type { UserRow } from '../schema.js';

export async function insertUser(db: Executor, row: UserRow): Promise<void> {
  await db.insertInto('users').values(row).execute();
}

export async function findUserByEmail(db: Executor, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

export async function findUserInOrganization(db: Executor, organizationId: string, id: string): Promise<UserRow | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The organization's current team: removed teammates are left out. */
export async function listUsers(db: Executor, organizationId: string): Promise<UserRow[]> {
  return db
    .selectFrom('users')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('removed_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** Whether this server has any user at all (a fresh install has none). */
export async function anyUserExists(db: Executor): Promise<boolean> {
  return (await db.selectFrom('users').select('id').limit(1).executeTakeFirst()) !== undefined;
}

/** Marks the user removed and, in the same transaction, ends their sessions and revokes their API keys. */
export async function removeUser(trx: Executor, organizationId: string, id: string, now: string): Promise<void> {
  await trx.updateTable('users').set({ removed_at: now }).where('organization_id', '=', organizationId).where('id', '=', id).where('removed_at', 'is', null).execute();
  await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
  await trx.updateTable('api_keys').set({ revoked_at: now }).where('organization_id', '=', organizationId).where('user_id', '=', id).where('revoked_at', 'is', null).execute();
}

export async function updateUserPhone(db: Executor, organizationId: string, id: string, phone: string | null): Promise<UserRow | undefined> {
  return db.updateTable('users').set({ phone }).where('organization_id', '=', organizationId).where('id', '=', id).returningAll().executeTakeFirst();
}
