import { AppError } from '../../domain/errors.js';
import { findCallById } from '../../storage/repositories/calls.repository.js';
import type { ContactWithConsent } from '../../storage/repositories/contacts.repository.js';
import { recordOptOut } from '../consent/record-consent-change.js';
import { requireContact, withConsent } from '../contacts/contacts.js';
import type { AppDeps, Principal } from '../context.js';

const MAX_REASON = 500;

/**
 * "Asked not to be called or texted": a teammate records what the person
 * said on a call. The number is opted out at once with source `agent`, the
 * teammate as actor and the call as evidence. Any teammate may; it never opts in.
 */
export async function optOutFromCall(deps: AppDeps, principal: Principal, callId: string, reason: string | null | undefined): Promise<ContactWithConsent> {
  const call = await findCallById(deps.db, principal.organizationId, callId);
  if (!call) throw new AppError('not_found', 'No such call in this organization.');
  if (!call.contact_id) throw new AppError('invalid_request', 'This call has no contact to opt out.');
  const contact = await requireContact(deps.db, principal.organizationId, call.contact_id);
  const phone = call.direction === 'inbound' ? call.from_number! : call.to_number;
  const note = reason?.trim().slice(0, MAX_REASON) || null;
  await deps.transact((trx) =>
    recordOptOut(trx, deps, {
      organizationId: principal.organizationId,
      phone,
      source: 'agent',
      rule: 'agent.on_call',
      reason: note ?? 'Asked on a call not to be called or texted.',
      actorUserId: principal.userId,
      callId: call.id,
    }),
  );
  return withConsent(deps.db, contact);
}
