/**
 * The one way the UI talks to the server: JSON over /api/v1 with the session
 * cookie, echoing the session's CSRF token on every write. Failures become an
 * ApiError whose message is a sentence a person can read.
 */

export const API_BASE = '/api/v1';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;

  constructor(status: number, code: string, message: string, field?: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

let csrfToken: string | null = null;
let onSessionEnded: (() => void) | null = null;

/** Remembers the CSRF token from login, signup or GET /session. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when a request that needed a session gets 401: the session expired or was ended elsewhere. */
export function setSessionEndedHandler(handler: (() => void) | null): void {
  onSessionEnded = handler;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** Send body as-is with this content type instead of JSON (e.g. text/csv). */
  rawBody?: { contentType: string; text: string | Blob };
  /** Don't treat a 401 as "the session ended" (login, the session probe). */
  expectUnauthorized?: boolean;
  signal?: AbortSignal;
  /** Set on the one retry after a CSRF token refresh. */
  isRetry?: boolean;
}

export function apiUrl(path: string, query?: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return `${API_BASE}${path}${qs ? `?${qs}` : ''}`;
}

export async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: string | Blob | undefined;
  if (options.rawBody) {
    headers['content-type'] = options.rawBody.contentType;
    body = options.rawBody.text;
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(apiUrl(path, options.query), { method, headers, body, credentials: 'same-origin', signal: options.signal });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network_error', 'Could not reach the server. Check your connection and try again.');
  }

  const text = await response.text();
  let json: unknown = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  if (!response.ok) {
    // Logging in again in another tab replaces the session and its CSRF token: pick up the new one and retry once.
    if (response.status === 403 && method !== 'GET' && !options.isRetry && (await refreshCsrfToken())) {
      return request<T>(method, path, { ...options, isRetry: true });
    }
    const error = readError(response.status, json);
    if (response.status === 401 && !options.expectUnauthorized) onSessionEnded?.();
    throw error;
  }
  return json as T;
}

/** Re-reads the session's CSRF token; true when it changed (so a refused write is worth one retry). */
async function refreshCsrfToken(): Promise<boolean> {
  try {
    const response = await fetch(apiUrl('/session'), { headers: { accept: 'application/json' }, credentials: 'same-origin' });
    if (!response.ok) return false;
    const { csrfToken: fresh } = (await response.json()) as { csrfToken?: string | null };
    if (!fresh || fresh === csrfToken) return false;
    csrfToken = fresh;
    return true;
  } catch {
    return false;
  }
}

function readError(status: number, json: unknown): ApiError {
  const error = (json as { error?: { code?: unknown; message?: unknown; field?: unknown } } | null)?.error;
  const code = typeof error?.code === 'string' ? error.code : fallbackCode(status);
  const message = typeof error?.message === 'string' && error.message ? error.message : fallbackMessage(status);
  const field = typeof error?.field === 'string' ? error.field : undefined;
  return new ApiError(status, code, message, field);
}

function fallbackCode(status: number): string {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 429) return 'rate_limited';
  return status >= 500 ? 'internal_error' : 'invalid_request';
}

function fallbackMessage(status: number): string {
  if (status === 401) return 'Please log in.';
  if (status === 403) return 'You do not have permission to do that.';
  if (status === 404) return 'That was not found.';
  if (status === 413) return 'That is too large to upload.';
  if (status === 429) return 'Too many attempts; wait a minute and try again.';
  if (status >= 500) return `The server had a problem (HTTP ${status}). Try again in a moment.`;
  return `The request failed (HTTP ${status}).`;
}

/** A readable sentence for any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong. Try again.';
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>('GET', path, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('POST', path, { ...options, body: body ?? {} }),
  put: <T>(path: string, body: unknown, options?: RequestOptions) => request<T>('PUT', path, { ...options, body }),
  patch: <T>(path: string, body: unknown, options?: RequestOptions) => request<T>('PATCH', path, { ...options, body }),
  delete: <T>(path: string, options?: RequestOptions) => request<T>('DELETE', path, options),
};
