import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import twilio from 'twilio';
import type { Db } from '../../src/storage/database.js';
import type { FakeTwilio } from './fake-twilio.js';
import { call, TEST_PUBLIC_URL, type Organization } from './test-app.js';

export const ACCOUNT_SID = 'AC0123456789abcdef0123456789abcdef';
export const AUTH_TOKEN = 'f00dfeedcafe0123456789abcdefbeef';
export const TWILIO_NUMBER = '+14155550000';

/**
 * Stores Twilio credentials and registers a Twilio sender number for the
 * organization; the fake Twilio the app talks to owns the number in that
 * account, so the registration's proof succeeds.
 */
export async function connectTwilio(app: FastifyInstance, org: Organization, options: { fake: FakeTwilio; accountSid?: string; authToken?: string; number?: string }): Promise<void> {
  options.fake.ownNumber(options.accountSid ?? ACCOUNT_SID, options.number ?? TWILIO_NUMBER);
  const credentials = await call(app, org.apiKey, 'PUT', '/api/v1/providers/twilio', { accountSid: options.accountSid ?? ACCOUNT_SID, authToken: options.authToken ?? AUTH_TOKEN });
  if (credentials.statusCode !== 200) throw new Error(`PUT /providers/twilio failed: ${credentials.body}`);
  const number = await call(app, org.apiKey, 'POST', '/api/v1/numbers', { phoneNumber: options.number ?? TWILIO_NUMBER, provider: 'twilio' });
  if (number.statusCode !== 201) throw new Error(`POST /numbers failed: ${number.body}`);
}

export interface WebhookOptions {
  /** The token to sign with; null sends no signature header at all. */
  token?: string | null;
  /** The URL the signature is computed for (default: PUBLIC_URL + path). */
  signedUrl?: string;
  /** Overrides the signature header outright. */
  signature?: string;
}

/** Posts a form-encoded webhook the way Twilio does, signed with X-Twilio-Signature. */
export function postTwilioWebhook(app: FastifyInstance, path: string, params: Record<string, string>, options: WebhookOptions = {}): Promise<LightMyRequestResponse> {
  const token = options.token === undefined ? AUTH_TOKEN : options.token;
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (options.signature !== undefined) headers['x-twilio-signature'] = options.signature;
  else if (token !== null) headers['x-twilio-signature'] = twilio.getExpectedTwilioSignature(token, options.signedUrl ?? `${TEST_PUBLIC_URL}${path}`, params);
  return app.inject({ method: 'POST', url: path, headers, payload: new URLSearchParams(params).toString() });
}

/** An inbound text's fields as Twilio posts them. */
export function inboundSms(fields: { From: string; Body: string; MessageSid?: string; To?: string; OptOutType?: string }): Record<string, string> {
  return {
    ToCountry: 'US',
    SmsMessageSid: fields.MessageSid ?? 'SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    NumMedia: '0',
    SmsSid: fields.MessageSid ?? 'SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    SmsStatus: 'received',
    NumSegments: '1',
    MessageSid: fields.MessageSid ?? 'SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    AccountSid: ACCOUNT_SID,
    ApiVersion: '2010-04-01',
    To: fields.To ?? TWILIO_NUMBER,
    From: fields.From,
    Body: fields.Body,
    ...(fields.OptOutType ? { OptOutType: fields.OptOutType } : {}),
  };
}

/** Row counts of every table a webhook could write to. */
export async function countRows(db: Db): Promise<Record<string, number>> {
  const tables = ['messages', 'contacts', 'phone_consent', 'consent_events', 'calls', 'sequence_enrollments'] as const;
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}

/** A clock a test moves by hand. */
export function manualClock(start = Date.now()): { now: () => Date; advance(ms: number): void } {
  let current = start;
  return { now: () => new Date(current), advance: (ms) => void (current += ms) };
}
