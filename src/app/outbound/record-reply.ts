import type { ReplyTemplates } from '../../domain/opt-out-settings.js';
import { decideSend, REPLY_PURPOSE, type ConsentState } from '../../domain/send-gate.js';
import type { Trx } from '../../storage/executor.js';
import { insertMessage, newOutboundMessage } from '../../storage/repositories/messages.repository.js';
import { findSenderRoute } from '../../storage/repositories/numbers.repository.js';
import type { MessageRow } from '../../storage/schema.js';
import type { AppDeps } from '../context.js';

export interface ReplyToRecord {
  inbound: MessageRow;
  body: string;
  kind: keyof ReplyTemplates;
  /**
   * 'dispatch': queued for the dispatcher to send (which asks the send gate again).
   * 'response': the caller delivers it in its answer (TwiML), so it is recorded as sent.
   */
  delivery: 'dispatch' | 'response';
  provider: string | undefined;
  /**
   * The inbound text was typed into the simulator by a teammate: the person
   * never sent it, so the reply is recorded in the conversation but goes out
   * through the console provider, never to their real phone.
   */
  simulated?: boolean;
}

/**
 * Records an automatic reply to an inbound text as an outbound message in the
 * same conversation, if the send gate lets it go to the number as it stands
 * now (e.g. no help reply to an opted-out number); null when it does not.
 */
export async function recordReply(trx: Trx, deps: Pick<AppDeps, 'clock' | 'newId'>, organizationId: string, reply: ReplyToRecord, consent: ConsentState): Promise<MessageRow | null> {
  const purpose = REPLY_PURPOSE[reply.kind];
  if (decideSend(consent, purpose) !== 'send') return null;
  const sender = await findSenderRoute(trx, organizationId);
  const inResponse = reply.delivery === 'response';
  return insertMessage(
    trx,
    newOutboundMessage({
      id: deps.newId(),
      organizationId,
      contactId: reply.inbound.contact_id,
      // From the number the person texted, when known.
      sender: { from: reply.inbound.to_number ?? sender.from, provider: reply.simulated ? 'console' : inResponse ? (reply.provider ?? 'console') : sender.provider },
      to: reply.inbound.from_number!,
      body: reply.body,
      purpose,
      createdByUserId: null,
      now: deps.clock().toISOString(),
      status: inResponse ? 'sent' : 'queued',
      inReplyToId: reply.inbound.id,
    }),
  );
}
