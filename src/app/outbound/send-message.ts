import { AppError } from '../../domain/errors.js';
import { looksLikeE164, normalizePhone } from '../../domain/phone.js';
import type { OutboundPurpose } from '../../domain/send-gate.js';
import type { Trx } from '../../storage/executor.js';
import { insertMessage, newOutboundMessage } from '../../storage/repositories/messages.repository.js';
import { findSenderRoute } from '../../storage/repositories/numbers.repository.js';
import type { ContactRow, MessageRow } from '../../storage/schema.js';
import { findOrCreateContactByPhone, requireContact } from '../contacts/contacts.js';
import type { AppDeps, Principal } from '../context.js';
import { loadOrganization } from '../organization.js';
import { bodyWithOptOutNotice } from './opt-out-notice.js';
import { lockAllowedNumber, refuseIfOptedOut } from './outreach-gate.js';

export const MAX_BODY_LENGTH = 1600;

export interface SendInput {
  body: string;
  /** ISO-8601; in the future makes the message "scheduled". */
  sendAt?: string | null;
}

/** Queues a text to a contact, or refuses with contact_opted_out. The dispatcher sends it. */
export async function sendMessageToContact(deps: AppDeps, principal: Principal, contactId: string, input: SendInput): Promise<MessageRow> {
  const contact = await requireContact(deps.db, principal.organizationId, contactId);
  return queueText(deps, principal, contact, input, 'manual');
}

/** Queues a text to a number (creating its contact if new), or refuses with contact_opted_out. */
export async function sendMessageToNumber(deps: AppDeps, principal: Principal, input: SendInput & { to: string }): Promise<MessageRow> {
  // Only a national number needs the organization's country; one in E.164 ("+...") reads the same with any
  // default, so the organization is not looked up for it.
  const country = looksLikeE164(input.to) ? 'US' : (await loadOrganization(deps.db, principal.organizationId)).organization.default_country;
  const to = normalizePhone(input.to, country, 'to');
  const body = validateBody(input.body);
  const sendAt = parseSendAt(input.sendAt, deps.clock());
  await refuseIfOptedOut(deps.db, principal.organizationId, to, 'api');
  const message = await deps.transact(async (trx) => {
    await lockAllowedNumber(trx, principal.organizationId, to, 'api');
    const contact = await findOrCreateContactByPhone(trx, deps, principal.organizationId, to);
    return insertOutboundText(trx, deps, principal, contact, body, sendAt, 'api');
  });
  deps.wakeDispatcher();
  return message;
}

async function queueText(deps: AppDeps, principal: Principal, contact: ContactRow, input: SendInput, purpose: OutboundPurpose): Promise<MessageRow> {
  const body = validateBody(input.body);
  const sendAt = parseSendAt(input.sendAt, deps.clock());
  await refuseIfOptedOut(deps.db, principal.organizationId, contact.phone, purpose);
  const message = await deps.transact(async (trx) => {
    await lockAllowedNumber(trx, principal.organizationId, contact.phone, purpose);
    return insertOutboundText(trx, deps, principal, contact, body, sendAt, purpose);
  });
  deps.wakeDispatcher();
  return message;
}

async function insertOutboundText(trx: Trx, deps: AppDeps, principal: Principal, contact: ContactRow, body: string, sendAt: Date | null, purpose: OutboundPurpose): Promise<MessageRow> {
  const { settings } = await loadOrganization(trx, principal.organizationId);
  const sent = await bodyWithOptOutNotice(trx, settings, principal.organizationId, contact.phone, body, purpose, sendAt ?? deps.clock());
  if (sent.length > MAX_BODY_LENGTH) {
    const room = MAX_BODY_LENGTH - (sent.length - body.length);
    throw new AppError('invalid_request', `body: this is a first text, so the opt-out notice is added; keep the message to ${room} characters.`, { field: 'body' });
  }
  return insertMessage(
    trx,
    newOutboundMessage({
      id: deps.newId(),
      organizationId: principal.organizationId,
      contactId: contact.id,
      to: contact.phone,
      body: sent,
      purpose,
      sender: await findSenderRoute(trx, principal.organizationId),
      createdByUserId: principal.userId,
      now: deps.clock().toISOString(),
      status: sendAt ? 'scheduled' : 'queued',
      sendAt: sendAt?.toISOString() ?? null,
    }),
  );
}

export function validateBody(body: string): string {
  const trimmed = body.trim();
  if (!trimmed) throw new AppError('invalid_request', 'body: write a message.', { field: 'body' });
  if (trimmed.length > MAX_BODY_LENGTH) throw new AppError('invalid_request', `body: keep messages to ${MAX_BODY_LENGTH} characters.`, { field: 'body' });
  return trimmed;
}

/** A future sendAt schedules the message; a past or absent one sends it now. */
export function parseSendAt(sendAt: string | null | undefined, now: Date): Date | null {
  if (sendAt === undefined || sendAt === null || sendAt === '') return null;
  const when = new Date(sendAt);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(sendAt) || Number.isNaN(when.getTime())) {
    throw new AppError('invalid_request', 'sendAt: use an ISO-8601 date and time, e.g. 2026-12-01T15:00:00Z.', { field: 'sendAt' });
  }
  return when.getTime() > now.getTime() ? when : null;
}
