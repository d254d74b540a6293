import type { Logger } from 'pino';
import type { Role } from '../domain/roles.js';
import type { Db } from '../storage/database.js';
import type { Trx } from '../storage/executor.js';
import type { ProviderRegistry } from '../providers/provider.js';
import type { TokenCipher } from '../providers/token-cipher.js';
import type { WebhookSender } from '../providers/webhook-sender.js';
import type { AppMetrics } from './metrics.js';

/** Everything a use case may touch, handed in so tests can build it on a real database. */
export interface AppDeps {
  db: Db;
  /** Runs work in one database transaction; an implementation may group concurrent work into one commit. */
  transact: <T>(work: (trx: Trx) => Promise<T>) => Promise<T>;
  clock: () => Date;
  newId: () => string;
  logger: Logger;
  providers: ProviderRegistry;
  /** Encrypts provider secrets (Twilio auth tokens) at rest with the server's SECRET_KEY. */
  secrets: TokenCipher;
  /** Tells the dispatcher that outbound work was queued, so it need not wait for its next poll. */
  wakeDispatcher: () => void;
  /** Checks and sends outbound webhooks (refusing private addresses unless allowed). */
  webhookSender: WebhookSender;
  /** Tells the webhook worker a delivery is due now (a manual retry). */
  wakeWebhookWorker: () => void;
  /** Counters for operators (GET /metrics). */
  metrics: AppMetrics;
}

/** Who is calling: always exactly one organization. */
export interface Principal {
  organizationId: string;
  userId: string;
  role: Role;
  via: 'api_key' | 'session';
}

export function nowIso(deps: Pick<AppDeps, 'clock'>): string {
  return deps.clock().toISOString();
}
