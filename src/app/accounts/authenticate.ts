import { findApiKeyPrincipal, touchApiKey } from '../../storage/repositories/api-keys.repository.js';
import { findSessionPrincipal } from '../../storage/repositories/sessions.repository.js';
import type { AppDeps, Principal } from '../context.js';
import { constantTimeEqual, hashToken } from './tokens.js';

/** The principal an API key stands for, or null for an unknown or revoked key. */
export async function authenticateApiKey(deps: AppDeps, key: string): Promise<Principal | null> {
  const keyHash = hashToken(key);
  const row = await findApiKeyPrincipal(deps.db, keyHash);
  // The lookup is by hash; the explicit comparison keeps the check constant-time even if the index lookup were not.
  if (!row || row.revoked_at !== null || !constantTimeEqual(row.key_hash, keyHash)) return null;
  await noteApiKeyUse(deps, row.id, row.last_used_at);
  return { organizationId: row.organization_id, userId: row.user_id, role: row.role, via: 'api_key' };
}

/** How stale `lastUsedAt` may get: a busy key costs one write a minute, not one a request. */
export const API_KEY_USE_RESOLUTION_MS = 60_000;

async function noteApiKeyUse(deps: AppDeps, id: string, lastUsedAt: string | null): Promise<void> {
  const now = deps.clock();
  if (lastUsedAt !== null && now.getTime() - Date.parse(lastUsedAt) < API_KEY_USE_RESOLUTION_MS) return;
  try {
    await touchApiKey(deps.db, id, now.toISOString(), new Date(now.getTime() - API_KEY_USE_RESOLUTION_MS).toISOString());
  } catch (error) {
    // Bookkeeping only: a request the key may make is not refused because this write failed.
    deps.logger.warn({ err: error, apiKeyId: id }, 'Could not record when an API key was last used');
  }
}

export interface SessionPrincipal extends Principal {
  csrfToken: string;
}

export async function authenticateSession(deps: AppDeps, sessionToken: string): Promise<SessionPrincipal | null> {
  const row = await findSessionPrincipal(deps.db, hashToken(sessionToken));
  if (!row || row.expires_at <= deps.clock().toISOString()) return null;
  return { organizationId: row.organization_id, userId: row.user_id, role: row.role, via: 'session', csrfToken: row.csrf_token };
}
