import type { TwilioAccount } from './twilio.provider.js';

/** What Twilio says about a number and an account. */
export type IncomingNumberLookup =
  /** The account has this number; `sid` is Twilio's id of it (PN…). */
  | { kind: 'owned'; sid: string }
  | { kind: 'not_owned' }
  /** Twilio refused the Account SID and Auth Token (401/403). */
  | { kind: 'credentials_rejected' }
  /** No usable answer (network, timeout, 5xx, 429, an unexpected body): nothing can be concluded. */
  | { kind: 'unavailable'; detail: string };

export interface TwilioNumberLookup {
  /** Does this Twilio account own this E.164 number? */
  findIncomingNumber(account: TwilioAccount, phoneNumber: string): Promise<IncomingNumberLookup>;
}

/**
 * Asks Twilio whether an account owns a number:
 * `GET {apiBase}/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers.json?PhoneNumber=…`
 * with the account's own credentials. Twilio lists only the numbers of the
 * account that authenticates, so a match proves ownership.
 */
export function createTwilioNumberLookup(options: { apiBase: string; timeoutMs?: number }): TwilioNumberLookup {
  const apiBase = options.apiBase.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    async findIncomingNumber(account, phoneNumber) {
      const url = `${apiBase}/2010-04-01/Accounts/${encodeURIComponent(account.accountSid)}/IncomingPhoneNumbers.json?${new URLSearchParams({ PhoneNumber: phoneNumber })}`;
      let response: Response;
      let text: string;
      try {
        response = await fetch(url, {
          headers: { authorization: `Basic ${Buffer.from(`${account.accountSid}:${account.authToken}`).toString('base64')}`, accept: 'application/json' },
          signal: AbortSignal.timeout(timeoutMs),
        });
        text = await response.text();
      } catch (error) {
        const name = error instanceof Error ? error.name : '';
        return { kind: 'unavailable', detail: name === 'TimeoutError' ? `Twilio did not answer within ${timeoutMs} ms` : 'Twilio could not be reached' };
      }
      if (response.status === 401 || response.status === 403) return { kind: 'credentials_rejected' };
      // A 404 here is an unknown account (Twilio answers 20404 for another account's SID).
      if (response.status === 404) return { kind: 'credentials_rejected' };
      if (!response.ok) return { kind: 'unavailable', detail: `Twilio answered HTTP ${response.status}` };
      let list: unknown;
      try {
        list = (JSON.parse(text) as { incoming_phone_numbers?: unknown }).incoming_phone_numbers;
      } catch {
        return { kind: 'unavailable', detail: 'Twilio answered with something other than JSON' };
      }
      if (!Array.isArray(list)) return { kind: 'unavailable', detail: 'Twilio answered without a list of numbers' };
      // The filter is Twilio's; check the answer anyway rather than trust any row it returns.
      const match = list.find((row): row is { sid: string; phone_number: string } => typeof row === 'object' && row !== null && (row as { phone_number?: unknown }).phone_number === phoneNumber && typeof (row as { sid?: unknown }).sid === 'string');
      return match ? { kind: 'owned', sid: match.sid } : { kind: 'not_owned' };
    },
  };
}
