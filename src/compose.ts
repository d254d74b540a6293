import { hostname } from 'node:os';
import { v7 as uuidv7 } from 'uuid';
import pino, { type Logger } from 'pino';
import type { Config } from './config.js';
import type { AppDeps } from './app/context.js';
import { Dispatcher } from './app/dispatch/dispatcher.js';
import { createConsoleProvider, type ConsoleDelivery } from './providers/console.provider.js';
import { createProviderRegistry, type MessagingProvider } from './providers/provider.js';
import { openStorage, storageTargetFromUrl, type StorageHandle, type StorageTarget } from './storage/database.js';

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
}

/**
 * Wires storage, providers and the dispatcher into the dependencies the use
 * cases take. Used by main and by tests alike, so tests run the real thing.
 */
export async function createRuntime(options: RuntimeOptions): Promise<Runtime> {
  const storage = openStorage(options.storage);
  await storage.migrate();
  let dispatcher: Dispatcher | null = null;
  const deps: AppDeps = {
    db: storage.db,
    dialect: storage.dialect,
    transact: (work) => storage.db.transaction().execute(work),
    clock: options.clock ?? (() => new Date()),
    newId: uuidv7,
    logger: options.logger,
    providers: createProviderRegistry([createConsoleProvider(options.logger, options.onConsoleDelivery), ...(options.providers ?? [])]),
    wakeDispatcher: () => dispatcher?.wake(),
  };
  dispatcher = new Dispatcher(deps, { instanceId: `${hostname()}:${process.pid}:${uuidv7()}`, intervalMs: options.dispatcherIntervalMs ?? 1000 });
  const runningDispatcher = dispatcher;
  return {
    deps,
    storage,
    dispatcher: runningDispatcher,
    async close() {
      await runningDispatcher.stop();
      await storage.close();
    },
  };
}

export function storageTargetFromConfig(config: Config): StorageTarget {
  return storageTargetFromUrl(config.databaseUrl);
}
