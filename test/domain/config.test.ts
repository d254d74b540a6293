import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('configuration from the environment', () => {
  it('runs with no variables at all: SQLite under ./data, the API on 127.0.0.1:3000', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: `sqlite:${resolve('./data', 'opt-out.db')}`,
      publicUrl: 'http://127.0.0.1:3000',
      twilioApiBase: 'https://api.twilio.com',
      secretKey: null,
      logLevel: 'info',
      dispatcherIntervalMs: 1000,
      dispatcherEnabled: true,
      shutdownGraceMs: 1000,
      webhookRetryBaseMs: 1000,
      webhookAllowPrivate: false,
    });
  });

  it('reads each variable', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgres://app@db:5432/optout',
      PUBLIC_URL: 'https://optout.example.com/',
      SECRET_KEY: 'a'.repeat(64),
      LOG_LEVEL: 'warn',
      DISPATCHER_INTERVAL_MS: '250',
      DISPATCHER_ENABLED: 'off',
      SHUTDOWN_GRACE_MS: '0',
      WEBHOOK_RETRY_BASE_MS: '50',
      WEBHOOK_ALLOW_PRIVATE: 'true',
    });
    expect(config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      databaseUrl: 'postgres://app@db:5432/optout',
      publicUrl: 'https://optout.example.com',
      logLevel: 'warn',
      dispatcherIntervalMs: 250,
      dispatcherEnabled: false,
      shutdownGraceMs: 0,
      webhookRetryBaseMs: 50,
      webhookAllowPrivate: true,
    });
  });

  it('fails at once naming every bad variable, not just the first', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      DATABASE_URL: 'mysql://db/optout',
      PUBLIC_URL: 'optout.example.com',
      SECRET_KEY: 'too-short',
      LOG_LEVEL: 'loud',
      DISPATCHER_ENABLED: 'maybe',
      SHUTDOWN_GRACE_MS: '-5',
    });
    expect(problems).toHaveLength(7);
    for (const name of ['PORT', 'DATABASE_URL', 'PUBLIC_URL', 'SECRET_KEY', 'LOG_LEVEL', 'DISPATCHER_ENABLED', 'SHUTDOWN_GRACE_MS']) {
      expect(problems.some((problem) => problem.startsWith(name))).toBe(true);
    }
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/Invalid configuration:\n {2}- PORT must be a whole number from 0 to 65535; got "70000"\./);
  });
});

describe('TRUST_PROXY', () => {
  it('believes no proxy unless told, and takes true, a hop count, or addresses and CIDR ranges', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,::1' }).trustProxy).toEqual(['10.0.0.0/8', '127.0.0.1', '::1']);
    expect(problemsOf({ TRUST_PROXY: 'proxy.internal' })).toEqual([expect.stringMatching(/^TRUST_PROXY .*"proxy.internal"/)]);
    expect(problemsOf({ TRUST_PROXY: '10.0.0.0/33' })).toEqual([expect.stringMatching(/^TRUST_PROXY/)]);
  });
});
