import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authenticateApiKey, authenticateSession } from '../app/accounts/authenticate.js';
import { constantTimeEqual } from '../app/accounts/tokens.js';
import type { AppDeps, Principal } from '../app/context.js';
import { AppError } from '../domain/errors.js';

export const SESSION_COOKIE = 'sp_session';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** Routes that answer without a principal (signup, login). */
    public?: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Resolves the caller from `Authorization: Bearer <apiKey>` or the session
 * cookie. Cookie-authenticated writes must echo the session's CSRF token in
 * X-CSRF-Token; a page on another site can send the cookie but cannot read
 * the token. Bearer keys are not sent by browsers automatically, so need none.
 */
export function registerAuthentication(app: FastifyInstance, deps: AppDeps): void {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request: FastifyRequest) => {
    if (request.routeOptions.config?.public) return;
    request.principal = await resolvePrincipal(request, deps);
  });
}

async function resolvePrincipal(request: FastifyRequest, deps: AppDeps): Promise<Principal> {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw new AppError('unauthorized', 'Send the API key as "Authorization: Bearer <key>".');
    const principal = await authenticateApiKey(deps, match[1]!);
    if (!principal) throw new AppError('unauthorized', 'This API key is not valid or was revoked.');
    return principal;
  }
  const token = request.cookies?.[SESSION_COOKIE];
  if (token) {
    const session = await authenticateSession(deps, token);
    if (!session) throw new AppError('unauthorized', 'Your session has ended; log in again.');
    if (!SAFE_METHODS.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !constantTimeEqual(sent, session.csrfToken)) {
        throw new AppError('csrf_token_invalid', `Requests made with the session cookie must send the ${CSRF_HEADER} header from GET /api/v1/session.`);
      }
    }
    return session;
  }
  throw new AppError('unauthorized', 'Log in, or send an API key as "Authorization: Bearer <key>".');
}

/** The authenticated caller; routes behind the hook always have one. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new AppError('unauthorized', 'Log in first.');
  return request.principal;
}

export function setSessionCookie(reply: FastifyReply, token: string, expiresAt: Date, secure: boolean): void {
  void reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure, expires: expiresAt });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  void reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure });
}
