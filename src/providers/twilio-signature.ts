/** Twilio's webhook signature check: the only place besides the provider itself that knows Twilio's package. */
import twilio from 'twilio';

/** Form fields as parsed: a field sent twice arrives as an array. */
export type TwilioParams = Record<string, string | string[] | undefined>;

/** True when `signature` (X-Twilio-Signature) is Twilio's HMAC of this exact URL and every posted field under this auth token. */
export function isValidTwilioSignature(authToken: string, signature: string, url: string, params: TwilioParams): boolean {
  return twilio.validateRequest(authToken, signature, url, params);
}
