import { AppError } from '../../domain/errors.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function normalizeEmail(email: string, field = 'email'): string {
  const normalized = email.trim().toLowerCase();
  if (!EMAIL.test(normalized) || normalized.length > 254) throw new AppError('invalid_request', `${field}: "${email.slice(0, 60)}" is not an email address.`, { field });
  return normalized;
}

export function validatePassword(password: string): void {
  if (password.length < 8) throw new AppError('invalid_request', 'password: use at least 8 characters.', { field: 'password' });
  if (password.length > 200) throw new AppError('invalid_request', 'password: use at most 200 characters.', { field: 'password' });
}
