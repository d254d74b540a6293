import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { AppError } from './errors.js';

const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * Turns a phone number typed in any common format into E.164, reading
 * national numbers in the organization's default country.
 * normalizePhone('(415) 555-0101', 'US') === '+14155550101'
 * Throws AppError('invalid_phone') when the input is not a possible number.
 */
export function normalizePhone(input: string, defaultCountry: string, field = 'phone'): string {
  const phone = tryNormalizePhone(input, defaultCountry);
  if (phone === null) {
    throw new AppError('invalid_phone', `${field}: "${truncate(input)}" is not a valid phone number.`, { field });
  }
  return phone;
}

/** Like normalizePhone, but answers null instead of throwing. */
export function tryNormalizePhone(input: string, defaultCountry: string): string | null {
  if (typeof input !== 'string') return null;
  const trimmed = input.trim();
  if (trimmed.length === 0 || trimmed.length > 40) return null;
  const parsed = parsePhoneNumberFromString(trimmed, { defaultCountry: defaultCountry as CountryCode });
  if (!parsed || !parsed.isPossible()) return null;
  return parsed.number;
}

/** True when the text is already written in E.164, the form numbers are stored in. */
export function looksLikeE164(input: string): boolean {
  return E164.test(input);
}

/** The digits of a stored E.164 number, used for partial-digit search. */
export function phoneDigits(e164: string): string {
  return e164.replace(/\D/g, '');
}

/**
 * The digits a user typed when searching, or null when the query is not
 * phone-like. "(415) 555-0101" → "4155550101", "555-0101" → "5550101".
 */
export function searchDigitsOf(query: string): string | null {
  if (!/^[\d\s()+\-.]+$/.test(query)) return null;
  const digits = query.replace(/\D/g, '');
  return digits.length >= 3 ? digits : null;
}

export function isValidCountryCode(country: string): boolean {
  return /^[A-Z]{2}$/.test(country) && isSupportedCountry(country);
}

function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
