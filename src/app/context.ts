import type { Logger } from 'pino';
import type { ConsentChannel } from '../domain/consent-ledger.js';
import type { Role } from '../domain/roles.js';
import type { Db } from '../storage/database.js';
import type { Trx } from '../storage/executor.js';
import type { ProviderRegistry } from '../providers/provider.js';
import type { TokenCipher } from '../providers/token-cipher.js';
import type { TwilioNumberLookup } from '../providers/twilio-numbers.js';
import type { WebhookSender } from '../providers/webhook-sender.js';
import type { AppMetrics } from './metrics.js';
import type { ImportJobLauncher } from './opt-outs/opt-out-import-jobs.js';

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
  /** Asks Twilio whether an organization's account owns a number, before it is registered (rule 12). */
  twilioNumbers: TwilioNumberLookup;
  /** Tells the dispatcher that outbound work was queued, so it need not wait for its next poll. */
  wakeDispatcher: () => void;
  /** Checks and sends outbound webhooks (refusing private addresses unless allowed). */
  webhookSender: WebhookSender;
  /** Tells the webhook worker a delivery is due now (a manual retry). */
  wakeWebhookWorker: () => void;
  /** Counters for operators (GET /metrics). */
  metrics: AppMetrics;
  /** Runs opt-out import jobs in the background. */
  importJobs: ImportJobLauncher;
}

/** Who is calling: always exactly one organization. */
export interface Principal {
  organizationId: string;
  userId: string;
  role: Role;
  via: 'api_key' | 'session';
  /** The key a request authenticated with (via 'api_key'), named in the consent ledger as the channel. */
  apiKey?: { id: string; name: string };
}

/** The channel a principal's own consent changes arrive through: its API key, or the app. */
export function channelOf(principal: Principal): ConsentChannel {
  return principal.via === 'api_key' && principal.apiKey ? { kind: 'api_key', id: principal.apiKey.id, name: principal.apiKey.name } : { kind: 'app' };
}

export function nowIso(deps: Pick<AppDeps, 'clock'>): string {
  return deps.clock().toISOString();
}
