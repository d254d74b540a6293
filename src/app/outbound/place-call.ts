import { insertCall } from '../../storage/repositories/calls.repository.js';
import { findSenderNumber } from '../../storage/repositories/numbers.repository.js';
import type { CallRow } from '../../storage/schema.js';
import { requireContact } from '../contacts/contacts.js';
import type { AppDeps, Principal } from '../context.js';
import { lockAllowedNumber, refuseIfOptedOut } from './outreach-gate.js';

/** Queues a call to a contact, or refuses with contact_opted_out. The dispatcher places it. */
export async function placeCall(deps: AppDeps, principal: Principal, contactId: string): Promise<CallRow> {
  const contact = await requireContact(deps.db, principal.organizationId, contactId);
  await refuseIfOptedOut(deps.db, principal.organizationId, contact.phone);
  const call = await deps.transact(async (trx) => {
    await lockAllowedNumber(trx, principal.organizationId, contact.phone);
    const sender = await findSenderNumber(trx, principal.organizationId);
    const now = deps.clock().toISOString();
    return insertCall(trx, {
      id: deps.newId(),
      organization_id: principal.organizationId,
      contact_id: contact.id,
      from_number: sender?.phone_number ?? null,
      to_number: contact.phone,
      status: 'queued',
      purpose: 'manual',
      provider: sender?.provider ?? 'console',
      provider_call_id: null,
      error_code: null,
      error_message: null,
      next_attempt_at: null,
      claimed_at: null,
      claimed_by: null,
      created_by_user_id: principal.userId,
      created_at: now,
      updated_at: now,
    });
  });
  deps.wakeDispatcher();
  return call;
}
