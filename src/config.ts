import { isIP } from 'node:net';
import { resolve } from 'node:path';

/**
 * The only place that reads the environment. Every variable is checked at
 * once and all problems are reported together, so a bad deployment fails at
 * start with one clear message instead of at the first request.
 */
export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  publicUrl: string;
  twilioApiBase: string;
  /** 32-byte key (base64 or hex) that encrypts provider tokens at rest; null means "derive a local key file". */
  secretKey: string | null;
  dataDir: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  dispatcherIntervalMs: number;
  /** Whether this instance runs the outbound dispatcher (several instances may). */
  dispatcherEnabled: boolean;
  /** How long after SIGTERM the server keeps answering before it stops taking requests. */
  shutdownGraceMs: number;
  /**
   * Which reverse proxies to believe about the client's address (X-Forwarded-For), for rate limits and logs:
   * false (none, the default), true (all), a number of hops, or addresses and CIDR ranges.
   */
  trustProxy: boolean | number | string[];
  /** Base of the webhook retry backoff. */
  webhookRetryBaseMs: number;
  /** Whether webhooks may reach loopback, private and link-local addresses. */
  webhookAllowPrivate: boolean;
  /** When set, GET /metrics asks for it as a Bearer token. */
  metricsToken: string | null;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];

  const port = parseInteger(env.PORT, 3000, 'PORT', 0, 65535, problems);
  const host = nonEmpty(env.HOST) ?? '127.0.0.1';
  const dataDir = resolve(nonEmpty(env.DATA_DIR) ?? './data');
  const databaseUrl = nonEmpty(env.DATABASE_URL) ?? `sqlite:${resolve(dataDir, 'opt-out.db')}`;
  if (/^[a-z]+:\/\//i.test(databaseUrl) && !/^postgres(ql)?:\/\//i.test(databaseUrl)) {
    problems.push(`DATABASE_URL must be postgres://… or a SQLite file path (sqlite:<path>); got "${databaseUrl.split(':')[0]}://…".`);
  }

  const publicUrl = (nonEmpty(env.PUBLIC_URL) ?? `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`).replace(/\/+$/, '');
  if (!isHttpUrl(publicUrl)) problems.push(`PUBLIC_URL must be an http(s) URL; got "${publicUrl}".`);

  const twilioApiBase = (nonEmpty(env.TWILIO_API_BASE) ?? 'https://api.twilio.com').replace(/\/+$/, '');
  if (!isHttpUrl(twilioApiBase)) problems.push(`TWILIO_API_BASE must be an http(s) URL; got "${twilioApiBase}".`);

  const secretKey = nonEmpty(env.SECRET_KEY) ?? null;
  if (secretKey !== null && decodeKey(secretKey) === null) {
    problems.push('SECRET_KEY must be 32 bytes written as 64 hex characters or base64 (e.g. `openssl rand -base64 32`).');
  }

  const logLevel = (nonEmpty(env.LOG_LEVEL) ?? 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}; got "${logLevel}".`);

  const dispatcherIntervalMs = parseInteger(env.DISPATCHER_INTERVAL_MS, 1000, 'DISPATCHER_INTERVAL_MS', 10, 3_600_000, problems);
  const dispatcherEnabled = parseBoolean(env.DISPATCHER_ENABLED, true, 'DISPATCHER_ENABLED', problems);
  const shutdownGraceMs = parseInteger(env.SHUTDOWN_GRACE_MS, 1000, 'SHUTDOWN_GRACE_MS', 0, 600_000, problems);
  const webhookRetryBaseMs = parseInteger(env.WEBHOOK_RETRY_BASE_MS, 1000, 'WEBHOOK_RETRY_BASE_MS', 1, 3_600_000, problems);
  const metricsToken = nonEmpty(env.METRICS_TOKEN) ?? null;
  const webhookAllowPrivate = parseBoolean(env.WEBHOOK_ALLOW_PRIVATE, false, 'WEBHOOK_ALLOW_PRIVATE', problems);

  const trustProxy = parseTrustProxy(env.TRUST_PROXY, problems);

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port,
    host,
    databaseUrl,
    publicUrl,
    twilioApiBase,
    secretKey,
    dataDir,
    logLevel,
    dispatcherIntervalMs,
    dispatcherEnabled,
    shutdownGraceMs,
    trustProxy,
    webhookRetryBaseMs,
    webhookAllowPrivate,
    metricsToken,
  };
}

function parseTrustProxy(raw: string | undefined, problems: string[]): Config['trustProxy'] {
  const value = nonEmpty(raw);
  if (value === undefined || ['false', 'no', 'off', '0'].includes(value.toLowerCase())) return false;
  if (['true', 'yes', 'on'].includes(value.toLowerCase())) return true;
  if (/^\d+$/.test(value)) return Number(value);
  const entries = value.split(',').map((entry) => entry.trim()).filter(Boolean);
  const bad = entries.filter((entry) => {
    const [address, bits, ...rest] = entry.split('/');
    const family = isIP(address ?? '');
    if (family === 0 || rest.length > 0) return true;
    return bits !== undefined && (!/^\d+$/.test(bits) || Number(bits) > (family === 4 ? 32 : 128));
  });
  if (bad.length > 0) problems.push(`TRUST_PROXY must be true, false, a number of proxy hops, or proxy addresses/CIDR ranges separated by commas; "${bad[0]!.slice(0, 60)}" is none of these.`);
  return entries;
}

/** Decodes a 32-byte key given as hex or base64; null when it is neither. */
export function decodeKey(text: string): Buffer | null {
  if (/^[0-9a-f]{64}$/i.test(text)) return Buffer.from(text, 'hex');
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) {
    const bytes = Buffer.from(text, 'base64');
    if (bytes.length === 32) return bytes;
  }
  return null;
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function parseInteger(raw: string | undefined, fallback: number, name: string, min: number, max: number, problems: string[]): number {
  const value = nonEmpty(raw);
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    problems.push(`${name} must be a whole number from ${min} to ${max}; got "${value}".`);
    return fallback;
  }
  return Number(value);
}

function parseBoolean(raw: string | undefined, fallback: boolean, name: string, problems: string[]): boolean {
  const value = nonEmpty(raw)?.toLowerCase();
  if (value === undefined) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(value)) return true;
  if (['0', 'false', 'no', 'off'].includes(value)) return false;
  problems.push(`${name} must be true or false; got "${raw}".`);
  return fallback;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
