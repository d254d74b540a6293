import { findUserInOrganization } from '../../storage/repositories/users.repository.js';
import type { OrganizationRow, UserRow } from '../../storage/schema.js';
import type { AppDeps, Principal } from '../context.js';
import { loadOrganization } from '../organization.js';
import { authenticateSession } from './authenticate.js';

export interface CurrentSession {
  user: UserRow | null;
  organization: OrganizationRow;
  via: Principal['via'];
  /** The CSRF token of the cookie session; null for API keys. */
  csrfToken: string | null;
}

/** Who is calling, their organization and, for a cookie session, its CSRF token. */
export async function describeSession(deps: AppDeps, principal: Principal, sessionToken: string | undefined): Promise<CurrentSession> {
  const [{ organization }, user, session] = await Promise.all([
    loadOrganization(deps.db, principal.organizationId),
    findUserInOrganization(deps.db, principal.organizationId, principal.userId),
    principal.via === 'session' && sessionToken ? authenticateSession(deps, sessionToken) : null,
  ]);
  return { user: user ?? null, organization, via: principal.via, csrfToken: session?.csrfToken ?? null };
}
