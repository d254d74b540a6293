import type { WebhookEvent } from '../../domain/webhook-events.js';
import type { Trx } from '../../storage/executor.js';
import { enqueueWebhookEvent } from '../../storage/repositories/webhooks.repository.js';

/**
 * Puts an event in the outbox inside the caller's transaction, so it is sent
 * if and only if the change it reports commits — also when the process dies
 * right after acknowledging it. One statement; nothing is written for an
 * organization with no endpoint subscribed to the event.
 */
export async function recordWebhookEvent(trx: Trx, event: WebhookEvent): Promise<void> {
  await enqueueWebhookEvent(trx, event);
}
