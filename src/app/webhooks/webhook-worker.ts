/**
 * Sends the outbox's webhook deliveries. Rows are claimed in the database
 * (SKIP LOCKED on PostgreSQL), so every instance may run a worker; a claim
 * left by an instance that died is taken over after the lease, and the
 * delivery is sent again (at least once; receivers de-duplicate by event id).
 */
import { webhookBody, webhookRetryDelayMs, webhookSignature, WEBHOOK_RETRY_WINDOW_MS, type WebhookEventData, type WebhookEventType } from '../../domain/webhook-events.js';
import {
  claimDueWebhookDeliveries,
  findWebhookDelivery,
  findWebhookEndpointById,
  markWebhookAttemptFailed,
  markWebhookDelivered,
} from '../../storage/repositories/webhooks.repository.js';
import type { WebhookDeliveryRow } from '../../storage/schema.js';
import type { AppDeps } from '../context.js';
import { PollingWorker } from '../polling-worker.js';
import { webhookSecretContext } from './webhook-endpoints.js';

export interface WebhookWorkerOptions {
  instanceId: string;
  intervalMs: number;
  /** Base of the exponential retry backoff (WEBHOOK_RETRY_BASE_MS). */
  retryBaseMs: number;
  batchSize?: number;
  concurrency?: number;
  /** A claim older than this belongs to a dead instance; longer than the send timeout. */
  leaseMs?: number;
  /** Called with each attempt's outcome (metrics). */
  onAttempt?: (outcome: WebhookAttemptOutcome) => void;
}

export type WebhookAttemptOutcome = 'succeeded' | 'retried' | 'failed';

export interface WebhookTally {
  succeeded: number;
  retried: number;
  failed: number;
}

export class WebhookWorker extends PollingWorker {
  private readonly options: Required<Omit<WebhookWorkerOptions, 'onAttempt'>> & Pick<WebhookWorkerOptions, 'onAttempt'>;

  constructor(private readonly deps: AppDeps, options: WebhookWorkerOptions) {
    super({ intervalMs: options.intervalMs, logger: deps.logger, failureMessage: 'webhook pass failed; will retry' });
    this.options = { batchSize: 50, concurrency: 8, leaseMs: 60_000, ...options };
  }

  /** Sends everything due, batch after batch (a delivered event can make the number's next one due). */
  async runOnce(): Promise<WebhookTally> {
    const tally: WebhookTally = { succeeded: 0, retried: 0, failed: 0 };
    for (;;) {
      const now = this.deps.clock();
      const seqs = await claimDueWebhookDeliveries(this.deps.db, {
        claimer: this.options.instanceId,
        now: now.toISOString(),
        staleBefore: new Date(now.getTime() - this.options.leaseMs).toISOString(),
        limit: this.options.batchSize,
      });
      if (seqs.length === 0) return tally;
      const succeededBefore = tally.succeeded;
      let next = 0;
      const lanes = Array.from({ length: Math.min(this.options.concurrency, seqs.length) }, async () => {
        while (next < seqs.length) await this.deliver(seqs[next++]!, tally);
      });
      await Promise.all(lanes);
      // Failed attempts wait for their backoff; only a success can make more work due at once.
      if (this.stopping || tally.succeeded === succeededBefore) return tally;
    }
  }

  private async deliver(seq: number, tally: WebhookTally): Promise<void> {
    const claimer = this.options.instanceId;
    const row = await findWebhookDelivery(this.deps.db, seq);
    if (!row || row.status !== 'pending' || row.claimed_by !== claimer) return;
    const endpoint = await findWebhookEndpointById(this.deps.db, row.endpoint_id);
    if (!endpoint || endpoint.deleted_at !== null) return;
    const body = deliveryBody(row);
    let responseStatus: number | null = null;
    let error: string | null = null;
    try {
      const secret = this.deps.secrets.decrypt(endpoint.secret_ciphertext, webhookSecretContext(endpoint));
      const unixSeconds = Math.floor(this.deps.clock().getTime() / 1000);
      const answer = await this.deps.webhookSender.send({
        url: endpoint.url,
        body,
        headers: {
          'x-salespartner-signature': webhookSignature(secret, body, unixSeconds),
          'x-salespartner-event-id': row.event_id,
          'x-salespartner-event-type': row.event_type,
          'x-salespartner-attempt': String(row.attempts + 1),
        },
      });
      responseStatus = answer.status;
      if (answer.status < 200 || answer.status > 299) error = `The endpoint answered ${answer.status}.`;
    } catch (caught) {
      error = (caught instanceof Error ? caught.message : String(caught)).slice(0, 500);
    }
    const now = this.deps.clock();
    const attempts = row.attempts + 1;
    const outcome = { attempts, now: now.toISOString(), responseStatus, error };
    if (error === null) {
      await markWebhookDelivered(this.deps.db, seq, claimer, outcome);
      tally.succeeded += 1;
      this.options.onAttempt?.('succeeded');
      return;
    }
    const givingUp = now.getTime() - Date.parse(row.retry_since) >= WEBHOOK_RETRY_WINDOW_MS;
    const nextAttemptAt = givingUp ? null : new Date(now.getTime() + webhookRetryDelayMs(this.options.retryBaseMs, attempts, Math.random())).toISOString();
    await markWebhookAttemptFailed(this.deps.db, seq, claimer, { ...outcome, nextAttemptAt });
    this.deps.logger.warn({ endpointId: endpoint.id, eventId: row.event_id, attempt: attempts, responseStatus, err: error, nextAttemptAt }, givingUp ? 'webhook delivery failed for good' : 'webhook delivery failed; will retry');
    if (givingUp) tally.failed += 1;
    else tally.retried += 1;
    this.options.onAttempt?.(givingUp ? 'failed' : 'retried');
  }
}

/** The body of a delivery, rebuilt from its row: the same bytes on every attempt. */
export function deliveryBody(row: WebhookDeliveryRow): string {
  return webhookBody({
    id: row.event_id,
    type: row.event_type as WebhookEventType,
    createdAt: row.event_created_at,
    organizationId: row.organization_id,
    contactId: row.contact_id,
    data: JSON.parse(row.data) as WebhookEventData,
  });
}
