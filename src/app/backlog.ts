import { summarizeDueOutreach, summarizePendingWebhooks, type QueueSummary } from '../storage/repositories/metrics.repository.js';
import type { AppDeps } from './context.js';

export type { QueueSummary };
export type { PoolStats } from '../storage/database.js';

export interface Backlog {
  /** When it was read. */
  at: Date;
  /** Texts and calls due now and not yet handed to a provider (all instances). */
  outreach: QueueSummary;
  /** Webhook deliveries not yet made (all instances). */
  webhooks: QueueSummary;
}

/** The work waiting in the database, for operators' gauges: two small queries. */
export async function readBacklog(deps: Pick<AppDeps, 'db' | 'clock'>): Promise<Backlog> {
  const at = deps.clock();
  const [outreach, webhooks] = await Promise.all([summarizeDueOutreach(deps.db, at.toISOString()), summarizePendingWebhooks(deps.db)]);
  return { at, outreach, webhooks };
}
