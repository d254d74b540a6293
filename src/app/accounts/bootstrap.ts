import { anyUserExists } from '../../storage/repositories/users.repository.js';
import type { AppDeps } from '../context.js';

/** Whether this server has any user yet: a fresh install offers sign-up first. It says nothing of any organization. */
export async function serverHasUsers(deps: Pick<AppDeps, 'db'>): Promise<boolean> {
  return anyUserExists(deps.db);
}
