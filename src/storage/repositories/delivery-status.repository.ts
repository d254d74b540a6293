import type { Executor } from '../executor.js';
import type { CallStatus, MessageRow, MessageStatus } from '../schema.js';

/** An outbound message of this organization by the provider's id for it. */
export async function findOutboundMessageByProviderId(db: Executor, organizationId: string, providerMessageId: string): Promise<MessageRow | undefined> {
  return db
    .selectFrom('messages')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('direction', '=', 'outbound')
    .where('provider_message_id', '=', providerMessageId)
    .executeTakeFirst();
}

/** From which statuses a delivery report may move a message: only forwards (never delivered → sent). */
const MESSAGE_FORWARD: Record<'sent' | 'delivered' | 'failed', MessageStatus[]> = {
  sent: ['sending'],
  delivered: ['sending', 'sent'],
  failed: ['sending', 'sent'],
};

/**
 * Applies a provider's delivery report to one message, only if it moves the
 * message forward; the condition is part of the UPDATE, so reports arriving
 * out of order or twice cannot move a message back. True when it changed.
 */
export async function advanceMessageStatus(
  db: Executor,
  organizationId: string,
  id: string,
  status: 'sent' | 'delivered' | 'failed',
  details: { errorCode: string | null; errorMessage: string | null; now: string },
): Promise<boolean> {
  const result = await db
    .updateTable('messages')
    .set((eb) => ({
      status,
      updated_at: details.now,
      ...(status !== 'failed' ? { sent_at: eb.fn.coalesce('sent_at', eb.val(details.now)) } : {}),
      ...(details.errorCode !== null ? { error_code: details.errorCode, error_message: details.errorMessage } : {}),
    }))
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .where('status', 'in', MESSAGE_FORWARD[status])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Applies a provider's call status report, forwards only. True when it changed. */
export async function advanceCallStatus(
  db: Executor,
  organizationId: string,
  providerCallId: string,
  status: Extract<CallStatus, 'completed' | 'failed'>,
  details: { errorCode: string | null; errorMessage: string | null; now: string },
): Promise<boolean> {
  const result = await db
    .updateTable('calls')
    .set({ status, updated_at: details.now, ...(details.errorCode !== null ? { error_code: details.errorCode, error_message: details.errorMessage } : {}) })
    .where('organization_id', '=', organizationId)
    .where('provider_call_id', '=', providerCallId)
    .where('status', 'in', ['sending', 'initiated'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
