import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pino, { type Logger } from 'pino';
import { createRuntime, type Runtime } from '../../src/compose.js';
import { buildApp } from '../../src/http/build-app.js';
import type { ConsoleDelivery } from '../../src/providers/console.provider.js';
import type { MessagingProvider } from '../../src/providers/provider.js';
import type { Dialect } from '../../src/storage/dialect.js';
import { createTestDatabase, type TestDatabase } from './databases.js';

export interface TestApp {
  dialect: Dialect;
  app: FastifyInstance;
  runtime: Runtime;
  database: TestDatabase;
  /** Every text and call the console provider "sent". */
  deliveries: ConsoleDelivery[];
  close(): Promise<void>;
}

export interface TestAppOptions {
  providers?: MessagingProvider[];
  clock?: () => Date;
  publicUrl?: string;
  loginRateLimit?: number;
  loginAccountRateLimit?: number;
  signupRateLimit?: number;
  trustProxy?: boolean | number | string[];
  /** Twilio's REST API base, e.g. a FakeTwilio's url. */
  twilioApiBase?: string;
  twilioTimeoutMs?: number;
  /** Replaces the silent logger, e.g. to capture every log line. */
  logger?: Logger;
  secretKey?: Buffer;
  /** Webhooks may reach loopback (receivers in tests); false by default, as in production. */
  webhookAllowPrivate?: boolean;
  webhookRetryBaseMs?: number;
  webhookTimeoutMs?: number;
  /** GET /metrics asks for this Bearer token. */
  metricsToken?: string;
}

/** The key tests encrypt provider tokens with. */
export const TEST_SECRET_KEY = Buffer.alloc(32, 7);
export const TEST_PUBLIC_URL = 'http://127.0.0.1:3000';

let counter = 0;

/** The real app on a fresh real database, with no socket; the dispatcher is not started unless a test starts it. */
export async function createTestApp(dialect: Dialect, options: TestAppOptions = {}): Promise<TestApp> {
  const database = await createTestDatabase(dialect);
  const deliveries: ConsoleDelivery[] = [];
  const runtime = await createRuntime({
    storage: database.target,
    logger: options.logger ?? pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    dispatcherIntervalMs: 50,
    onConsoleDelivery: (delivery) => deliveries.push(delivery),
    secretKey: options.secretKey ?? TEST_SECRET_KEY,
    publicUrl: options.publicUrl ?? TEST_PUBLIC_URL,
    twilioApiBase: options.twilioApiBase ?? 'http://127.0.0.1:9',
    ...(options.twilioTimeoutMs ? { twilioTimeoutMs: options.twilioTimeoutMs } : {}),
    ...(options.providers ? { providers: options.providers } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    webhookAllowPrivate: options.webhookAllowPrivate ?? false,
    ...(options.webhookRetryBaseMs ? { webhookRetryBaseMs: options.webhookRetryBaseMs } : {}),
    ...(options.webhookTimeoutMs ? { webhookTimeoutMs: options.webhookTimeoutMs } : {}),
  });
  const app = await buildApp(runtime.deps, {
    publicUrl: options.publicUrl ?? TEST_PUBLIC_URL,
    webRoot: null,
    loginRateLimit: options.loginRateLimit ?? 1000,
    loginAccountRateLimit: options.loginAccountRateLimit ?? 1000,
    signupRateLimit: options.signupRateLimit ?? 1000,
    ...(options.trustProxy === undefined ? {} : { trustProxy: options.trustProxy }),
    metrics: runtime.metrics,
    metricsToken: options.metricsToken ?? null,
  });
  await app.ready();
  return {
    dialect,
    app,
    runtime,
    database,
    deliveries,
    async close() {
      await app.close();
      await runtime.close();
      await database.drop();
    },
  };
}

export interface Organization {
  organizationId: string;
  userId: string;
  apiKey: string;
  email: string;
  password: string;
}

/** Signs up a new organization and returns its owner's API key. */
export async function signUpOrganization(app: FastifyInstance, name = 'Acme Solar'): Promise<Organization> {
  counter += 1;
  const email = `owner${counter}.${Date.now()}@example.com`;
  const password = 'correct horse battery';
  const response = await app.inject({ method: 'POST', url: '/api/v1/signup', payload: { organization: name, name: 'Olivia Owner', email, password } });
  if (response.statusCode !== 201) throw new Error(`signup failed: ${response.statusCode} ${response.body}`);
  const body = response.json();
  return { organizationId: body.organization.id, userId: body.user.id, apiKey: body.apiKey, email, password };
}

/** Adds a user with a role to an organization and returns an API key acting as that user. */
export async function addUserWithKey(app: FastifyInstance, owner: Organization, role: 'admin' | 'agent'): Promise<{ apiKey: string; userId: string; email: string; password: string }> {
  counter += 1;
  const email = `${role}${counter}.${Date.now()}@example.com`;
  const password = 'another good password';
  const created = await call(app, owner.apiKey, 'POST', '/api/v1/users', { name: `${role} user`, email, password, role });
  if (created.statusCode !== 201) throw new Error(`create user failed: ${created.body}`);
  const login = await app.inject({ method: 'POST', url: '/api/v1/login', payload: { email, password } });
  const cookie = login.cookies.find((c) => c.name === 'sp_session')!;
  const { csrfToken } = login.json();
  // Agents cannot create API keys; act through a session for their key-less calls instead.
  return { apiKey: `session:${cookie.value}:${csrfToken}`, userId: created.json().id, email, password };
}

/** Calls the API as a key holder (or, for "session:<token>:<csrf>", as a logged-in browser). */
export function call(app: FastifyInstance, apiKey: string, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = {};
  if (apiKey.startsWith('session:')) {
    const [, token, csrf] = apiKey.split(':');
    headers.cookie = `sp_session=${token}`;
    headers['x-csrf-token'] = csrf!;
  } else {
    headers.authorization = `Bearer ${apiKey}`;
  }
  return app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
}

/** Turns off the opt-out notice on first texts, for tests about something else that compare exact bodies. */
export async function turnOffOptOutNotice(app: FastifyInstance, org: Organization): Promise<void> {
  const response = await call(app, org.apiKey, 'PUT', '/api/v1/settings/opt-out', { optOutNoticeEnabled: false });
  if (response.statusCode !== 200) throw new Error(`turning off the notice failed: ${response.body}`);
}
