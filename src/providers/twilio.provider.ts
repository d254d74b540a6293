import { firstLegOf, ProviderError, type MessagingProvider, type OutboundCall, type OutboundText } from './provider.js';

export interface TwilioAccount {
  accountSid: string;
  authToken: string;
}

export interface TwilioProviderOptions {
  /** e.g. https://api.twilio.com (no trailing slash); tests point it at a fake. */
  apiBase: string;
  /** Where Twilio posts delivery updates: PUBLIC_URL/webhooks/twilio/status. */
  statusCallbackUrl: string | null;
  /** The organization's decrypted credentials; null when it has none. */
  credentialsFor(organizationId: string): Promise<TwilioAccount | null>;
  /** How long one request to Twilio may take. */
  timeoutMs?: number;
  /**
   * PUBLIC_URL/webhooks/twilio/voice: Twilio asks `…/calls/{id}/answer` what to
   * do when a placed call is answered and reports progress to `…/calls/{id}/status`.
   */
  voiceWebhookBase: string | null;
}

/** Twilio: "Attempt to send to unsubscribed recipient". */
export const TWILIO_UNSUBSCRIBED = '21610';

const DEFAULT_TIMEOUT_MS = 10_000;
/** Every progress report of a placed call, for the conversation's call card. */
const CALL_EVENTS = ['initiated', 'ringing', 'answered', 'completed'];
/** After a timeout Twilio may still be creating the message; look for it only after this long. */
const AMBIGUOUS_RETRY_MS = 30_000;
const MAX_RETRY_AFTER_MS = 60 * 60 * 1000;
/** Tolerated difference between our clock and Twilio's when matching an earlier send. */
const CLOCK_SKEW_MS = 60_000;
const LOOKUP_PAGES = 3;

/**
 * Sends texts and places calls through Twilio's REST API with each
 * organization's own credentials (form-encoded, HTTP Basic auth), and maps
 * Twilio's answers onto provider failures: 21610 → unsubscribed, 429/5xx/
 * network/timeout → transient, any other 4xx → permanent with Twilio's code.
 *
 * Twilio has no idempotency key for creating messages, so a retry (attempt
 * > 1) first lists what was sent to the number and reuses an earlier try's
 * message instead of sending it twice; the dispatcher uses the same lookup
 * to settle sends a crashed instance left unanswered.
 */
export function createTwilioProvider(options: TwilioProviderOptions): MessagingProvider {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const apiBase = options.apiBase.replace(/\/+$/, '');

  async function account(organizationId: string): Promise<TwilioAccount> {
    const credentials = await options.credentialsFor(organizationId);
    if (!credentials) throw new ProviderError('permanent', 'twilio_not_configured', 'This organization has a Twilio number but no Twilio credentials; add them under PUT /api/v1/providers/twilio.');
    return credentials;
  }

  async function request(credentials: TwilioAccount, method: 'GET' | 'POST', path: string, form?: Record<string, string | string[]>): Promise<Record<string, unknown>> {
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${apiBase}${path}`, {
        method,
        headers: {
          authorization: `Basic ${Buffer.from(`${credentials.accountSid}:${credentials.authToken}`).toString('base64')}`,
          accept: 'application/json',
          ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        ...(form ? { body: encodeForm(form) } : {}),
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      throw networkFailure(error, timeoutMs);
    }
    const json = parseJson(text);
    if (response.ok) return json ?? {};
    throw httpFailure(response, json);
  }

  function accountPath(credentials: TwilioAccount, resource: string): string {
    return `/2010-04-01/Accounts/${encodeURIComponent(credentials.accountSid)}/${resource}`;
  }

  /** Pages through what this account sent from → to, newest first, for one that matches. */
  async function findEarlier(credentials: TwilioAccount, resource: 'Messages.json' | 'Calls.json', from: string, to: string, notBefore: string | undefined, matches: (item: Record<string, unknown>) => boolean): Promise<string | null> {
    const earliest = notBefore ? Date.parse(notBefore) - CLOCK_SKEW_MS : Number.NEGATIVE_INFINITY;
    const listKey = resource === 'Messages.json' ? 'messages' : 'calls';
    let path: string | null = `${accountPath(credentials, resource)}?${new URLSearchParams({ To: to, From: from, PageSize: '100' }).toString()}`;
    for (let page = 0; page < LOOKUP_PAGES && path; page += 1) {
      const json = await request(credentials, 'GET', path);
      const items = Array.isArray(json[listKey]) ? (json[listKey] as Record<string, unknown>[]) : [];
      for (const item of items) {
        const created = typeof item.date_created === 'string' ? Date.parse(item.date_created) : Number.NaN;
        if (typeof item.sid === 'string' && !(created < earliest) && matches(item)) return item.sid;
      }
      path = typeof json.next_page_uri === 'string' && json.next_page_uri.startsWith('/') ? json.next_page_uri : null;
    }
    return null;
  }

  async function findSentText(text: OutboundText): Promise<{ providerMessageId: string } | null> {
    if (!text.from) return null;
    const credentials = await options.credentialsFor(text.organizationId);
    if (!credentials) return null;
    const wanted = comparableBody(text.body);
    const sid = await findEarlier(credentials, 'Messages.json', text.from, text.to, text.notBefore, (item) =>
      typeof item.body === 'string' && (item.body === text.body || sameBody(comparableBody(item.body), wanted)),
    );
    return sid ? { providerMessageId: sid } : null;
  }

  return {
    name: 'twilio',

    async prepareText(text) {
      const credentials = await account(text.organizationId);
      if (!text.from) throw new ProviderError('permanent', 'no_sender_number', 'The message has no sender number; register a Twilio number under POST /api/v1/numbers.');
      if ((text.attempt ?? 1) > 1) {
        const earlier = await findSentText(text);
        if (earlier) return { alreadySent: earlier };
      }
      const form: Record<string, string> = { From: text.from, To: text.to, Body: text.body };
      if (options.statusCallbackUrl) form.StatusCallback = options.statusCallbackUrl;
      return {
        send: async () => {
          const created = await request(credentials, 'POST', accountPath(credentials, 'Messages.json'), form);
          if (typeof created.sid !== 'string') throw new ProviderError('transient', 'twilio_bad_response', 'Twilio accepted the message but its answer had no sid.', AMBIGUOUS_RETRY_MS);
          return { providerMessageId: created.sid };
        },
      };
    },

    async prepareCall(call: OutboundCall) {
      const credentials = await account(call.organizationId);
      if (!call.from) throw new ProviderError('permanent', 'no_sender_number', 'The call has no caller number; register a Twilio number under POST /api/v1/numbers.');
      if (!options.voiceWebhookBase) throw new ProviderError('permanent', 'no_public_url', 'Calls need PUBLIC_URL, the address Twilio asks what to say when the call is answered.');
      const ring = firstLegOf(call);
      if ((call.attempt ?? 1) > 1) {
        const sid = await findEarlier(credentials, 'Calls.json', call.from, ring, call.notBefore, () => true);
        if (sid) return { alreadySent: { providerCallId: sid } };
      }
      const callUrl = `${options.voiceWebhookBase}/calls/${encodeURIComponent(call.callId)}`;
      // What the call does when answered is decided then, by the voice webhook (which checks consent again), not now.
      const form: Record<string, string | string[]> = {
        From: call.from,
        To: ring,
        Url: `${callUrl}/answer`,
        Method: 'POST',
        StatusCallback: `${callUrl}/status`,
        StatusCallbackMethod: 'POST',
        StatusCallbackEvent: CALL_EVENTS,
      };
      return {
        send: async () => {
          const created = await request(credentials, 'POST', accountPath(credentials, 'Calls.json'), form);
          if (typeof created.sid !== 'string') throw new ProviderError('transient', 'twilio_bad_response', 'Twilio accepted the call but its answer had no sid.', AMBIGUOUS_RETRY_MS);
          return { providerCallId: created.sid };
        },
      };
    },

    findSentText,
  };
}

/** Form-encodes fields, repeating a field for each value of a list (Twilio's StatusCallbackEvent). */
function encodeForm(form: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(form)) {
    for (const item of Array.isArray(value) ? value : [value]) params.append(key, item);
  }
  return params.toString();
}

function parseJson(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function httpFailure(response: Response, json: Record<string, unknown> | null): ProviderError {
  const status = response.status;
  const code = json && (typeof json.code === 'number' || typeof json.code === 'string') ? String(json.code) : null;
  const message = json && typeof json.message === 'string' ? json.message.slice(0, 500) : `Twilio answered HTTP ${status}.`;
  if (code === TWILIO_UNSUBSCRIBED) return new ProviderError('unsubscribed', code, message);
  if (status === 429) return new ProviderError('transient', code ?? 'http_429', message, parseRetryAfter(response.headers.get('retry-after')));
  if (status >= 500) return new ProviderError('transient', code ?? `http_${status}`, message);
  return new ProviderError('permanent', code ?? `http_${status}`, message);
}

/**
 * No answer: a refused or failed connection never reached Twilio and is
 * safe to retry soon; a timeout or reset may have, so the retry waits and
 * then looks for the earlier try before sending.
 */
function networkFailure(error: unknown, timeoutMs: number): ProviderError {
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new ProviderError('transient', 'timeout', `Twilio did not answer within ${timeoutMs} ms.`, AMBIGUOUS_RETRY_MS);
  }
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === 'string' ? cause.code : null;
  const neverSent = code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN';
  return new ProviderError('transient', 'network_error', `Could not reach Twilio${code ? ` (${code})` : ''}.`, neverSent ? null : AMBIGUOUS_RETRY_MS);
}

/** Retry-After in seconds or as an HTTP date, kept within a second and an hour. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  const trimmed = header.trim();
  const ms = /^\d+$/.test(trimmed) ? Number(trimmed) * 1000 : Date.parse(trimmed) - now;
  if (!Number.isFinite(ms)) return null;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(1000, ms));
}

/** Twilio may rewrite punctuation (Smart Encoding) or prefix trial-account texts; compare letters and digits. */
function comparableBody(body: string): string {
  return body.normalize('NFKD').replace(/[^\p{L}\p{N}]/gu, '').toLowerCase();
}

const TRIAL_PREFIX = comparableBody('Sent from your Twilio trial account - ');

function sameBody(theirs: string, ours: string): boolean {
  if (ours === '') return false;
  return theirs === ours || (theirs.startsWith(TRIAL_PREFIX) && theirs.slice(TRIAL_PREFIX.length) === ours);
}
