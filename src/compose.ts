import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { v7 as uuidv7 } from 'uuid';
import pino, { type Logger } from 'pino';
import type { Config } from './config.js';
import type { AppDeps } from './app/context.js';
import { Dispatcher } from './app/dispatch/dispatcher.js';
import { WebhookWorker } from './app/webhooks/webhook-worker.js';
import { ImportJobRunner } from './app/opt-outs/import-job-runner.js';
import { createWebhookSender } from './providers/webhook-sender.js';
import { createPrometheusMetrics, type PrometheusMetrics } from './http/metrics.js';
import { loadTwilioCredentials } from './app/providers/twilio-credentials.js';
import { createTokenCipher } from './providers/token-cipher.js';
import { createConsoleProvider, type ConsoleDelivery } from './providers/console.provider.js';
import { createProviderRegistry, type MessagingProvider } from './providers/provider.js';
import { createTwilioNumberLookup } from './providers/twilio-numbers.js';
import { createTwilioProvider } from './providers/twilio.provider.js';
import { DEFAULT_POSTGRES_POOL_SIZE, openStorage, storageTargetFromUrl, type StorageHandle, type StorageTarget } from './storage/database.js';
import { createGroupCommitter, type GroupCommitOptions } from './storage/group-commit.js';

/** Secrets that must never reach a log line, wherever they appear. */
export const LOG_REDACTIONS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'req.headers["x-twilio-signature"]',
  'res.headers["set-cookie"]',
  'authToken',
  '*.authToken',
  'password',
  '*.password',
  'apiKey',
  '*.apiKey',
];

export function createLogger(level: Config['logLevel'], destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: LOG_REDACTIONS, censor: '[redacted]' } }, destination);
}

export interface Runtime {
  deps: AppDeps;
  storage: StorageHandle;
  dispatcher: Dispatcher;
  webhookWorker: WebhookWorker;
  /** Runs opt-out import jobs; started with the runtime, so a restart resumes the jobs left running. */
  importJobs: ImportJobRunner;
  /** The Prometheus registry behind deps.metrics (GET /metrics). */
  metrics: PrometheusMetrics;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  storage: StorageTarget;
  logger: Logger;
  dispatcherIntervalMs?: number;
  /** Extra providers (e.g. Twilio), by name; the console provider is always there. */
  providers?: MessagingProvider[];
  onConsoleDelivery?: (delivery: ConsoleDelivery) => void;
  clock?: () => Date;
  /** 32 bytes encrypting provider tokens at rest. Left out (some tests), a random key lives as long as the process. */
  secretKey?: Buffer;
  /** The base URL Twilio reaches this server at (status callbacks go to PUBLIC_URL/webhooks/twilio/status). */
  publicUrl?: string;
  /** Twilio's REST API base; tests point it at a fake. */
  twilioApiBase?: string;
  twilioTimeoutMs?: number;
  /** Base of the webhook retry backoff (WEBHOOK_RETRY_BASE_MS). */
  webhookRetryBaseMs?: number;
  /** Lets webhooks reach loopback and private addresses (WEBHOOK_ALLOW_PRIVATE). */
  webhookAllowPrivate?: boolean;
  webhookTimeoutMs?: number;
  /** How long an import job's holder may stay silent before another instance resumes it (default 60 s). */
  importLeaseMs?: number;
}

/**
 * Wires storage, providers and the dispatcher into the dependencies the use
 * cases take. Used by main and by tests alike, so tests run the real thing.
 */
export async function createRuntime(options: RuntimeOptions): Promise<Runtime> {
  const storage = openStorage(options.storage);
  await storage.migrate();
  let dispatcher: Dispatcher | null = null;
  let webhookWorker: WebhookWorker | null = null;
  let importJobs: ImportJobRunner | null = null;
  const instanceId = `${hostname()}:${process.pid}:${uuidv7()}`;
  const secrets = createTokenCipher(options.secretKey ?? randomBytes(32));
  const twilio = createTwilioProvider({
    apiBase: options.twilioApiBase ?? 'https://api.twilio.com',
    statusCallbackUrl: options.publicUrl ? `${options.publicUrl.replace(/\/+$/, '')}/webhooks/twilio/status` : null,
    voiceWebhookBase: options.publicUrl ? `${options.publicUrl.replace(/\/+$/, '')}/webhooks/twilio/voice` : null,
    credentialsFor: (organizationId) => loadTwilioCredentials({ db: storage.db, secrets }, organizationId),
    ...(options.twilioTimeoutMs ? { timeoutMs: options.twilioTimeoutMs } : {}),
  });
  const metrics = createPrometheusMetrics();
  const deps: AppDeps = {
    db: storage.db,
    // Concurrent transactions share one COMMIT (group-commit.ts).
    transact: createGroupCommitter(storage.db, { ...groupCommitOptions(options.storage), onBatch: metrics.app.groupCommitBatch }).transact,
    clock: options.clock ?? (() => new Date()),
    newId: uuidv7,
    logger: options.logger,
    // Later entries win: a test may replace the Twilio provider with its own.
    providers: createProviderRegistry([createConsoleProvider(options.logger, options.onConsoleDelivery), twilio, ...(options.providers ?? [])]),
    secrets,
    twilioNumbers: createTwilioNumberLookup({ apiBase: options.twilioApiBase ?? 'https://api.twilio.com', ...(options.twilioTimeoutMs ? { timeoutMs: options.twilioTimeoutMs } : {}) }),
    wakeDispatcher: () => dispatcher?.wake(),
    webhookSender: createWebhookSender({ allowPrivate: options.webhookAllowPrivate ?? false, timeoutMs: options.webhookTimeoutMs ?? 10_000 }),
    wakeWebhookWorker: () => webhookWorker?.wake(),
    metrics: metrics.app,
    importJobs: {
      instanceId,
      launch: (jobId) => importJobs?.launch(jobId),
    },
  };
  metrics.watch({ deps, poolStats: () => storage.poolStats() });
  dispatcher = new Dispatcher(deps, { instanceId, intervalMs: options.dispatcherIntervalMs ?? 1000 });
  webhookWorker = new WebhookWorker(deps, { instanceId, intervalMs: options.dispatcherIntervalMs ?? 1000, retryBaseMs: options.webhookRetryBaseMs ?? 1000, onAttempt: metrics.app.webhookAttempt });
  importJobs = new ImportJobRunner(deps, { instanceId, ...(options.importLeaseMs ? { leaseMs: options.importLeaseMs } : {}) });
  importJobs.start();
  const runningImportJobs = importJobs;
  const runningDispatcher = dispatcher;
  const runningWebhookWorker = webhookWorker;
  return {
    deps,
    storage,
    dispatcher: runningDispatcher,
    webhookWorker: runningWebhookWorker,
    importJobs: runningImportJobs,
    metrics,
    async close() {
      await Promise.all([runningDispatcher.stop(), runningWebhookWorker.stop(), runningImportJobs.stop()]);
      await storage.close();
    },
  };
}

/**
 * SQLite has one writer: one batch at a time, as large as arrives. On PostgreSQL each statement is a
 * network round trip and a batch's items run one after another, so several small batches overlap, each
 * on its own pooled connection, leaving half the pool for plain reads.
 */
function groupCommitOptions(target: StorageTarget): GroupCommitOptions {
  if (target.dialect === 'sqlite') return { maxConcurrentBatches: 1, maxBatchSize: 48 };
  return { maxConcurrentBatches: Math.max(1, Math.floor((target.poolSize ?? DEFAULT_POSTGRES_POOL_SIZE) / 2)), maxBatchSize: 4 };
}

export function storageTargetFromConfig(config: Config): StorageTarget {
  return storageTargetFromUrl(config.databaseUrl);
}
