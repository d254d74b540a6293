/** Who may do what: every role check of the use cases, in one place. */
import { AppError } from '../domain/errors.js';
import { isAdministrator } from '../domain/roles.js';
import type { Principal } from './context.js';

/** Owners and admins manage the team, keys, providers, numbers, settings and the ledger check. */
export function requireAdministrator(principal: Principal, action: string): void {
  if (!isAdministrator(principal.role)) throw new AppError('forbidden', `Only owners and admins can ${action}.`);
}

/** Opting a contact back in lets texts and calls resume: owners and admins only (rule 7). */
export function requireMayOptIn(principal: Principal): void {
  requireAdministrator(principal, 'opt a contact back in');
}

/**
 * Deciding a reply was not a request to stop releases a held number, like an
 * opt-in: owners and admins only. Anyone may decide to opt the number out,
 * which errs toward not contacting.
 */
export function requireMayDecideReview(principal: Principal, decision: 'opt_out' | 'not_a_revocation'): void {
  if (decision === 'not_a_revocation' && !isAdministrator(principal.role)) {
    throw new AppError('forbidden', 'Only owners and admins can decide a reply was not a request to stop; anyone can decide to opt the number out.');
  }
}
