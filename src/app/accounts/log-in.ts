import { randomBytes } from 'node:crypto';
import { AppError } from '../../domain/errors.js';
import { deleteSession, insertSession } from '../../storage/repositories/sessions.repository.js';
import { findUserByEmail } from '../../storage/repositories/users.repository.js';
import type { UserRow } from '../../storage/schema.js';
import type { AppDeps } from '../context.js';
import { DUMMY_PASSWORD_HASH, verifyPassword } from './passwords.js';
import { hashToken, newSecretToken } from './tokens.js';

export const SESSION_TTL_MS = 14 * 24 * 60 * 60 * 1000;

export interface LogInResult {
  user: UserRow;
  sessionToken: string;
  csrfToken: string;
  expiresAt: Date;
}

/** Checks the password and opens a session; unknown email and wrong password are the same error and cost the same time. */
export async function logIn(deps: AppDeps, email: string, password: string): Promise<LogInResult> {
  const user = await findUserByEmail(deps.db, email.trim().toLowerCase());
  const valid = await verifyPassword(password, user?.password_hash ?? DUMMY_PASSWORD_HASH);
  if (!user || !valid || user.removed_at !== null) throw new AppError('invalid_credentials', 'The email or password is not right.');

  const sessionToken = newSecretToken('');
  const csrfToken = randomBytes(24).toString('base64url');
  const now = deps.clock();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await insertSession(deps.db, {
    id: hashToken(sessionToken),
    user_id: user.id,
    organization_id: user.organization_id,
    csrf_token: csrfToken,
    created_at: now.toISOString(),
    expires_at: expiresAt.toISOString(),
  });
  return { user, sessionToken, csrfToken, expiresAt };
}

export async function logOut(deps: AppDeps, sessionToken: string): Promise<void> {
  await deleteSession(deps.db, hashToken(sessionToken));
}
