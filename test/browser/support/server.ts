import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { createRuntime, type Runtime } from '../../../src/compose.js';
import { buildApp } from '../../../src/http/build-app.js';
import type { ConsoleDelivery } from '../../../src/providers/console.provider.js';
import { createTestDatabase } from '../../support/databases.js';
import { WEB_ROOT } from './build-web.js';

export interface RunningServer {
  /** e.g. http://127.0.0.1:43121 */
  url: string;
  app: FastifyInstance;
  runtime: Runtime;
  deliveries: ConsoleDelivery[];
  close(): Promise<void>;
}

/**
 * The real server (real runtime, fresh SQLite file, built UI, running
 * dispatcher) listening on a free local port, for a browser to drive.
 * `clock` lets a script pretend replies arrived days ago (screenshots).
 */
export async function startServer(options: { clock?: () => Date } = {}): Promise<RunningServer> {
  const database = await createTestDatabase('sqlite');
  const deliveries: ConsoleDelivery[] = [];
  const runtime = await createRuntime({
    storage: database.target,
    logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    dispatcherIntervalMs: 50,
    ...(options.clock ? { clock: options.clock } : {}),
    onConsoleDelivery: (delivery) => deliveries.push(delivery),
    // Webhook receivers in browser tests listen on loopback.
    webhookAllowPrivate: true,
    webhookRetryBaseMs: 50,
  });
  const app = await buildApp(runtime.deps, { publicUrl: 'http://127.0.0.1', webRoot: WEB_ROOT, loginRateLimit: 1000, loginAccountRateLimit: 1000, signupRateLimit: 1000 });
  await app.listen({ port: 0, host: '127.0.0.1' });
  runtime.dispatcher.start();
  runtime.webhookWorker.start();
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    runtime,
    deliveries,
    async close() {
      await app.close();
      await runtime.close();
      await database.drop();
    },
  };
}
