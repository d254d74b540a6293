import { COMMON_PASSWORDS } from '../../domain/common-passwords.js';
import { AppError } from '../../domain/errors.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function normalizeEmail(email: string, field = 'email'): string {
  const normalized = email.trim().toLowerCase();
  if (!EMAIL.test(normalized) || normalized.length > 254) throw new AppError('invalid_request', `${field}: "${email.slice(0, 60)}" is not an email address.`, { field });
  return normalized;
}

/**
 * Refuses, with the reason, a password anyone would guess first: shorter than
 * 8 characters once surrounding spaces are set aside (eight spaces are blank),
 * made of one or two characters repeated, or on the list of the commonest
 * passwords (compared without case). Spaces inside are fine: "correct horse".
 */
export function validatePassword(password: string): void {
  const refuse = (why: string) => new AppError('invalid_request', `password: ${why}`, { field: 'password' });
  if (password.length > 200) throw refuse('use at most 200 characters.');
  const meaningful = password.trim();
  if (meaningful.length < 8) throw refuse(meaningful.length === 0 ? 'it is blank; use at least 8 characters that are not spaces.' : 'use at least 8 characters, not counting spaces at either end.');
  if (new Set(meaningful).size <= 2) throw refuse('it repeats one or two characters; use a longer phrase or a mix.');
  if (COMMON_PASSWORDS.has(meaningful.toLowerCase())) throw refuse('it is one of the most common passwords, the first ones anyone tries; choose another.');
}
