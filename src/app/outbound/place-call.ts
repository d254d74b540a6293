import { insertCall, newOutboundCall } from '../../storage/repositories/calls.repository.js';
import { findSenderRoute } from '../../storage/repositories/numbers.repository.js';
import type { CallRow } from '../../storage/schema.js';
import { requireContact } from '../contacts/contacts.js';
import type { AppDeps, Principal } from '../context.js';
import { lockAllowedNumber, refuseIfOptedOut } from './outreach-gate.js';

/** Queues a call to a contact, or refuses with contact_opted_out. The dispatcher places it. */
export async function placeCall(deps: AppDeps, principal: Principal, contactId: string): Promise<CallRow> {
  const contact = await requireContact(deps.db, principal.organizationId, contactId);
  await refuseIfOptedOut(deps.db, principal.organizationId, contact.phone, 'manual');
  const call = await deps.transact(async (trx) => {
    await lockAllowedNumber(trx, principal.organizationId, contact.phone, 'manual');
    return insertCall(
      trx,
      newOutboundCall({
        id: deps.newId(),
        organizationId: principal.organizationId,
        contactId: contact.id,
        to: contact.phone,
        purpose: 'manual',
        sender: await findSenderRoute(trx, principal.organizationId),
        createdByUserId: principal.userId,
        now: deps.clock().toISOString(),
      }),
    );
  });
  deps.wakeDispatcher();
  return call;
}
