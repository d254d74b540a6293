import type { ReplyTemplates } from '../../domain/opt-out-settings.js';
import type { Trx } from '../../storage/executor.js';
import { insertMessage } from '../../storage/repositories/messages.repository.js';
import { findSenderNumber } from '../../storage/repositories/numbers.repository.js';
import type { MessageRow } from '../../storage/schema.js';
import type { AppDeps } from '../context.js';

const REPLY_PURPOSE: Record<keyof ReplyTemplates, string> = {
  optOutReply: 'reply_opt_out',
  optInReply: 'reply_opt_in',
  helpReply: 'reply_help',
};

export interface ReplyToRecord {
  inbound: MessageRow;
  body: string;
  kind: keyof ReplyTemplates;
  /**
   * 'dispatch': queued for the dispatcher to send (the only message it will
   * send to an opted-out number is an opt-out confirmation).
   * 'response': the caller delivers it in its answer (TwiML), so it is recorded as sent.
   */
  delivery: 'dispatch' | 'response';
  provider: string | undefined;
}

/** Records an automatic reply to an inbound text as an outbound message in the same conversation. */
export async function recordReply(trx: Trx, deps: Pick<AppDeps, 'clock' | 'newId'>, organizationId: string, reply: ReplyToRecord): Promise<MessageRow> {
  const now = deps.clock().toISOString();
  const sender = await findSenderNumber(trx, organizationId);
  const inResponse = reply.delivery === 'response';
  return insertMessage(trx, {
    id: deps.newId(),
    organization_id: organizationId,
    contact_id: reply.inbound.contact_id,
    direction: 'outbound',
    from_number: reply.inbound.to_number ?? sender?.phone_number ?? null,
    to_number: reply.inbound.from_number,
    body: reply.body,
    status: inResponse ? 'sent' : 'queued',
    purpose: REPLY_PURPOSE[reply.kind],
    action: null,
    in_reply_to_id: reply.inbound.id,
    send_at: null,
    provider: inResponse ? reply.provider ?? 'console' : sender?.provider ?? 'console',
    provider_message_id: null,
    error_code: null,
    error_message: null,
    next_attempt_at: null,
    claimed_at: null,
    claimed_by: null,
    sent_at: inResponse ? now : null,
    created_by_user_id: null,
    created_at: now,
    updated_at: now,
  });
}
