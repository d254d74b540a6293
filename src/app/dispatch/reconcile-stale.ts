/**
 * Settles texts and calls left "sending" by an instance that died between
 * marking the attempt and recording the provider's answer.
 */
import { findStaleSendingCalls } from '../../storage/repositories/calls.repository.js';
import { findStaleSendingMessages } from '../../storage/repositories/messages.repository.js';
import { markFailed, markMessageSent, requeue } from '../../storage/repositories/outreach.repository.js';
import type { AppDeps } from '../context.js';
import { providerFor } from './dispatch-one.js';

const BATCH = 100;

/**
 * Without a way to ask the provider, sending again could text the person
 * twice, so such sends are failed with a clear error instead; a provider
 * that can look the send up says whether it went (then it is marked sent)
 * or not (then it is queued again). Calls are never retried.
 */
export async function reconcileStaleSends(deps: AppDeps, staleBefore: string): Promise<void> {
  for (const message of await findStaleSendingMessages(deps.db, staleBefore, BATCH)) {
    const provider = providerFor(deps, message.provider);
    let found: { providerMessageId: string } | null | undefined;
    try {
      found = await provider.findSentText?.({ organizationId: message.organization_id, messageId: message.id, from: message.from_number, to: message.to_number!, body: message.body, attempt: message.attempts, notBefore: message.send_at ?? message.created_at });
    } catch (error) {
      // The provider could not answer: treat it as unknown (fail, do not resend) rather than stall every later pass.
      deps.logger.warn({ id: message.id, provider: message.provider, err: error instanceof Error ? error.message : String(error) }, 'could not reconcile a send left unanswered');
      found = undefined;
    }
    const now = deps.clock().toISOString();
    if (found) await markMessageSent(deps.db, message.id, found.providerMessageId, now);
    else if (found === null) await requeue(deps.db, 'messages', message.id, now);
    else await markFailed(deps.db, 'messages', message.id, now, { errorCode: 'send_unconfirmed', errorMessage: 'The server stopped while handing this to the provider; it was not resent to avoid a duplicate.' });
  }
  for (const call of await findStaleSendingCalls(deps.db, staleBefore, BATCH)) {
    const now = deps.clock().toISOString();
    await markFailed(deps.db, 'calls', call.id, now, { errorCode: 'send_unconfirmed', errorMessage: 'The server stopped while placing this call; it was not retried to avoid calling twice.' });
  }
}
