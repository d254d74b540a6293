export type Role = 'owner' | 'admin' | 'agent';

export const ROLES: readonly Role[] = ['owner', 'admin', 'agent'];

/** Owners and admins manage the team, keys, providers and settings, and may opt contacts back in. */
export function isAdministrator(role: Role): boolean {
  return role === 'owner' || role === 'admin';
}
