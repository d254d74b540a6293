import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { UnreadableTwilioCredentialsError } from '../app/providers/twilio-credentials.js';
import { isAppError, type ErrorCode } from '../domain/errors.js';

/** The one table from domain error codes to HTTP statuses and the contract's public codes. */
const HTTP_ERRORS: Record<ErrorCode, { status: number; code: string }> = {
  invalid_request: { status: 400, code: 'invalid_request' },
  invalid_phone: { status: 400, code: 'invalid_request' },
  attestation_required: { status: 400, code: 'invalid_request' },
  unauthorized: { status: 401, code: 'unauthorized' },
  invalid_credentials: { status: 401, code: 'unauthorized' },
  forbidden: { status: 403, code: 'forbidden' },
  csrf_token_invalid: { status: 403, code: 'forbidden' },
  webhook_signature_invalid: { status: 403, code: 'forbidden' },
  not_found: { status: 404, code: 'not_found' },
  conflict: { status: 409, code: 'conflict' },
  email_taken: { status: 409, code: 'conflict' },
  phone_number_taken: { status: 409, code: 'conflict' },
  contact_opted_out: { status: 409, code: 'contact_opted_out' },
  provider_not_configured: { status: 409, code: 'conflict' },
  phone_number_not_owned: { status: 422, code: 'phone_number_not_owned' },
  provider_credentials_rejected: { status: 422, code: 'provider_credentials_rejected' },
  provider_unavailable: { status: 502, code: 'provider_unavailable' },
  payload_too_large: { status: 413, code: 'payload_too_large' },
  rate_limited: { status: 429, code: 'rate_limited' },
  database_unavailable: { status: 503, code: 'service_unavailable' },
};

/** Public codes for errors Fastify itself raises, by status. */
const FRAMEWORK_CODES: Record<number, string> = {
  400: 'invalid_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  503: 'service_unavailable',
};

export interface ErrorBody {
  error: { code: string; message: string; field?: string };
}

export function errorBody(code: string, message: string, field?: string): ErrorBody {
  return { error: field ? { code, message, field } : { code, message } };
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) => {
    if (isAppError(error)) {
      const mapped = HTTP_ERRORS[error.code];
      if (mapped.status === 503) void reply.header('retry-after', '5');
      return reply.status(mapped.status).send(errorBody(mapped.code, error.message, error.field));
    }
    const fastifyError = error as FastifyError;
    if (fastifyError.validation) {
      const { message, field } = describeValidation(fastifyError);
      return reply.status(400).send(errorBody('invalid_request', message, field));
    }
    if (error instanceof UnreadableTwilioCredentialsError) {
      // Not a bug to hide behind "internal_error": the operator must save the credentials again.
      request.log.error({ alarm: 'twilio_credentials_unreadable', organizationId: error.organizationId }, error.message);
      return reply.status(503).header('retry-after', '60').send(errorBody('provider_credentials_unreadable', 'The Twilio Auth Token stored for this organization cannot be decrypted (SECRET_KEY changed?); an owner or admin must save the Twilio credentials again in Settings → Twilio.'));
    }
    if (isDatabaseUnavailable(error)) {
      request.log.error({ err: error }, 'database unavailable');
      return reply.status(503).header('retry-after', '5').send(errorBody('service_unavailable', 'The database is unavailable; nothing was changed. Try again shortly.'));
    }
    const status = fastifyError.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const code = FRAMEWORK_CODES[status] ?? 'invalid_request';
      return reply.status(status).send(errorBody(code, frameworkMessage(fastifyError)));
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send(errorBody('internal_error', 'Something went wrong on our side; it has been logged.'));
  });
}

function describeValidation(error: FastifyError): { message: string; field?: string } {
  const first = error.validation?.[0];
  if (!first) return { message: error.message };
  const params = first.params as Record<string, unknown>;
  const path = first.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const missing = typeof params.missingProperty === 'string' ? params.missingProperty : null;
  const field = missing ? (path ? `${path}.${missing}` : missing) : path || (error.validationContext ?? 'body');
  const detail = missing ? 'is required' : (first.message ?? 'is not valid');
  return { message: `${field}: ${detail}.`, field };
}

function frameworkMessage(error: FastifyError): string {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'The request body is not valid JSON.';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'The request body is too large (the limit is 1 MB).';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'Send the body as application/json.';
    default:
      return error.message.replace(/^FST_\w+:\s*/, '');
  }
}

const CONNECTION_ERROR_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', 'SQLITE_BUSY', 'SQLITE_IOERR', 'SQLITE_FULL']);

/** True for errors that mean "the database cannot be reached right now", as opposed to a bug. */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && CONNECTION_ERROR_CODES.has(code)) return true;
  return typeof message === 'string' && /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|database system is (shutting down|starting up)/i.test(message);
}
