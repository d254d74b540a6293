import { AppError } from '../../domain/errors.js';
import { looksLikeE164, normalizePhone } from '../../domain/phone.js';
import { validateVoiceMessage } from '../../domain/voice-call.js';
import { insertCall, newOutboundCall } from '../../storage/repositories/calls.repository.js';
import { findSenderRoute } from '../../storage/repositories/numbers.repository.js';
import { findUserInOrganization } from '../../storage/repositories/users.repository.js';
import type { CallRow } from '../../storage/schema.js';
import { requireContact } from '../contacts/contacts.js';
import type { AppDeps, Principal } from '../context.js';
import { loadOrganization } from '../organization.js';
import { lockAllowedNumber, refuseIfOptedOut } from './outreach-gate.js';

export interface CallInput {
  /** A click-to-call: the phone rung first, which is then connected to the contact. Default: the signed-in user's own. */
  connectTo?: string | null;
  /** An automated call speaking these words, then offering the keypress opt-out. */
  voiceMessage?: string | null;
  audioUrl?: string | null;
}

/**
 * Queues a call to a contact, or refuses with contact_opted_out. Either a
 * click-to-call (the agent's phone rings first; the contact is dialled only
 * if the number may still be called when the agent answers) or an automated
 * voice message. The dispatcher places it.
 */
export async function placeCall(deps: AppDeps, principal: Principal, contactId: string, input: CallInput = {}): Promise<CallRow> {
  const contact = await requireContact(deps.db, principal.organizationId, contactId);
  const automated = input.voiceMessage !== undefined && input.voiceMessage !== null;
  if (automated && input.connectTo) throw new AppError('invalid_request', 'Give either connectTo (a call you take) or voiceMessage (an automated call), not both.', { field: 'connectTo' });
  const details = automated ? { kind: 'voice_message' as const, ...validateVoiceMessage(input), connectTo: null } : { kind: 'bridge' as const, connectTo: await agentPhone(deps, principal, input.connectTo), voiceMessage: null, audioUrl: null };
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
        ...details,
      }),
    );
  });
  deps.wakeDispatcher();
  return call;
}

/** The phone a click-to-call rings first: the one given, else the signed-in user's own; a program calling with an API key must say. */
async function agentPhone(deps: AppDeps, principal: Principal, connectTo: string | null | undefined): Promise<string> {
  if (connectTo) {
    const country = looksLikeE164(connectTo) ? 'US' : (await loadOrganization(deps.db, principal.organizationId)).organization.default_country;
    return normalizePhone(connectTo, country, 'connectTo');
  }
  if (principal.via === 'api_key') {
    throw new AppError('invalid_request', 'connectTo: with an API key, give the phone to connect the call to (the person taking it), or voiceMessage for an automated call.', { field: 'connectTo' });
  }
  const user = await findUserInOrganization(deps.db, principal.organizationId, principal.userId);
  if (!user?.phone) {
    throw new AppError('invalid_request', 'connectTo: you have no phone number on your profile; add yours under Settings → Team, or give connectTo.', { field: 'connectTo' });
  }
  return user.phone;
}
