/**
 * Every failure the domain and use cases can report, as a stable snake_case
 * code. No HTTP status lives here: the HTTP edge maps codes to statuses.
 */
export type ErrorCode =
  | 'invalid_request'
  | 'invalid_phone'
  | 'unauthorized'
  | 'invalid_credentials'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'email_taken'
  | 'phone_number_taken'
  | 'phone_number_not_owned'
  | 'provider_credentials_rejected'
  | 'provider_unavailable'
  | 'contact_opted_out'
  | 'attestation_required'
  | 'csrf_token_invalid'
  | 'webhook_signature_invalid'
  | 'provider_not_configured'
  | 'payload_too_large'
  | 'rate_limited'
  | 'database_unavailable';

export class AppError extends Error {
  readonly code: ErrorCode;
  /** The request field the error is about, when there is one (e.g. "phone"). */
  readonly field: string | undefined;

  constructor(code: ErrorCode, message: string, options: { field?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.field = options.field;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
