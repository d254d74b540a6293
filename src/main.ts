import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createLogger, createRuntime, storageTargetFromConfig } from './compose.js';
import { buildApp } from './http/build-app.js';
import { loadOrCreateSecretKey } from './secret-key.js';

// Built layout: dist/server/main.js next to dist/web/.
const WEB_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../web');

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const runtime = await createRuntime({
    storage: storageTargetFromConfig(config),
    logger,
    dispatcherIntervalMs: config.dispatcherIntervalMs,
    secretKey: loadOrCreateSecretKey(config, logger),
    publicUrl: config.publicUrl,
    twilioApiBase: config.twilioApiBase,
    webhookRetryBaseMs: config.webhookRetryBaseMs,
    webhookAllowPrivate: config.webhookAllowPrivate,
  });
  let shuttingDown = false;
  const app = await buildApp(runtime.deps, { publicUrl: config.publicUrl, webRoot: WEB_ROOT, trustProxy: config.trustProxy, isDraining: () => shuttingDown, metrics: runtime.metrics, metricsToken: config.metricsToken });
  if (config.dispatcherEnabled) {
    runtime.dispatcher.start();
    runtime.webhookWorker.start();
  }
  await app.listen({ port: config.port, host: config.host });
  logger.info({ url: `http://${config.host}:${config.port}`, database: runtime.storage.dialect }, 'SalesPartner Opt-Out Management is listening');

  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal, graceMs: config.shutdownGraceMs }, 'shutting down: finishing in-flight requests and dispatches');
    try {
      // Closing the server also drops its idle keep-alive connections, among them those whose next request
      // has been sent but not yet read: that client sees a reset and cannot tell whether its POST was done.
      // So first keep answering for a moment (each answer closing its connection, which is also when a
      // load balancer stops sending here), then close.
      await new Promise((done) => setTimeout(done, config.shutdownGraceMs));
      await app.close();
      await runtime.close();
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
