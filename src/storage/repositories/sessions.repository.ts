import type { Executor } from '../executor.js';
import type { Database } from '../schema.js';
import type { Insertable } from 'kysely';

export interface SessionPrincipalRow {
  session_id: string;
  csrf_token: string;
  expires_at: string;
  user_id: string;
  organization_id: string;
  role: 'owner' | 'admin' | 'agent';
}

export async function insertSession(db: Executor, row: Insertable<Database['sessions']>): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}

export async function findSessionPrincipal(db: Executor, id: string): Promise<SessionPrincipalRow | undefined> {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id as session_id',
      'sessions.csrf_token',
      'sessions.expires_at',
      'users.id as user_id',
      'users.organization_id',
      'users.role',
    ])
    .where('sessions.id', '=', id)
    .where('users.removed_at', 'is', null)
    .executeTakeFirst();
}

export async function deleteSession(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

export async function deleteExpiredSessions(db: Executor, now: string): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<', now).execute();
}
