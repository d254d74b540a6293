import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { logIn, logOut } from '../../app/accounts/log-in.js';
import { signUp } from '../../app/accounts/sign-up.js';
import { createApiKey, createUser, listOrganizationApiKeys, listTeam, removeTeammate, revokeOrganizationApiKey, updateMyProfile } from '../../app/accounts/team.js';
import type { AppDeps } from '../../app/context.js';
import { loadOrganization } from '../../app/organization.js';
import { describeSession } from '../../app/accounts/current-session.js';
import { clearSessionCookie, principalOf, SESSION_COOKIE, setSessionCookie } from '../auth.js';
import { presentApiKey, presentOrganization, presentUser } from '../presenters.js';
import { ApiKey, CreatedApiKey, LoginResponse, SessionResponse, SignupResponse, User } from '../presenters/accounts.schema.js';
import { IdParams, Ok, Page, responses } from '../schemas.js';
import { AppError } from '../../domain/errors.js';

export interface AccountRouteOptions {
  secureCookies: boolean;
  /** Login attempts allowed per client address per minute. */
  loginRateLimit: number;
  /** Login attempts allowed per account (email) per 15 minutes, from any number of addresses. */
  loginAccountRateLimit: number;
  /** Sign-ups allowed per client address per hour. */
  signupRateLimit: number;
}

/** The client's address: the socket's, or with TRUST_PROXY the one the trusted proxies report (Fastify's request.ip). */
const byAddress = (request: FastifyRequest) => `address:${request.ip}`;

export async function accountRoutes(fastify: FastifyInstance, deps: AppDeps, options: AccountRouteOptions): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const checkAccountLimit = fastify.createRateLimit({
    max: options.loginAccountRateLimit,
    timeWindow: '15 minutes',
    keyGenerator: (request) => `account:${String((request.body as { email?: unknown } | undefined)?.email ?? '').trim().toLowerCase()}`,
  });

  app.post('/signup', {
    config: { public: true, rateLimit: { max: options.signupRateLimit, timeWindow: '1 hour', keyGenerator: byAddress } },
    schema: {
      tags: ['Accounts'],
      summary: 'Create an organization and its owner; returns the first API key (shown once).',
      body: Type.Object({
        organization: Type.String({ minLength: 1, maxLength: 200 }),
        name: Type.String({ minLength: 1, maxLength: 200 }),
        email: Type.String({ minLength: 3, maxLength: 254 }),
        password: Type.String({ minLength: 8, maxLength: 200 }),
      }),
      response: responses({ 201: SignupResponse }),
    },
  }, async (request, reply) => {
    const result = await signUp(deps, request.body);
    const session = await logIn(deps, request.body.email, request.body.password);
    setSessionCookie(reply, session.sessionToken, session.expiresAt, options.secureCookies);
    return reply.status(201).send({
      organization: { id: result.organization.id, name: result.organization.name },
      user: presentUser(result.user),
      apiKey: result.apiKey,
      csrfToken: session.csrfToken,
    });
  });

  app.post('/login', {
    config: { public: true, rateLimit: { max: options.loginRateLimit, timeWindow: '1 minute', keyGenerator: byAddress } },
    // One account tried from many addresses is limited too, once the body says which account it is.
    preHandler: async (request, reply) => {
      const limit = await checkAccountLimit(request);
      if (!limit.isAllowed && limit.isExceeded) {
        void reply.header('retry-after', String(limit.ttlInSeconds));
        throw new AppError('rate_limited', `Too many attempts for this account; try again in ${limit.ttlInSeconds} seconds.`);
      }
    },
    schema: {
      tags: ['Accounts'],
      summary: 'Log in; sets an HttpOnly session cookie and returns the CSRF token to send with cookie-authenticated writes.',
      body: Type.Object({ email: Type.String({ minLength: 1, maxLength: 254 }), password: Type.String({ minLength: 1, maxLength: 200 }) }),
      response: responses({ 200: LoginResponse }),
    },
  }, async (request, reply) => {
    const session = await logIn(deps, request.body.email, request.body.password);
    setSessionCookie(reply, session.sessionToken, session.expiresAt, options.secureCookies);
    const { organization } = await loadOrganization(deps.db, session.user.organization_id);
    return { user: presentUser(session.user), organization: presentOrganization(organization), csrfToken: session.csrfToken };
  });

  app.post('/logout', {
    config: { public: true },
    schema: { response: responses({ 200: Ok }), tags: ['Accounts'], summary: 'End the session of the cookie sent.' },
  }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await logOut(deps, token);
    clearSessionCookie(reply, options.secureCookies);
    return { ok: true as const };
  });

  app.get('/session', {
    schema: { response: responses({ 200: SessionResponse }), tags: ['Accounts'], summary: 'Who is logged in, their organization, and (for cookie sessions) the CSRF token.' },
  }, async (request) => {
    const session = await describeSession(deps, principalOf(request), request.cookies[SESSION_COOKIE]);
    return { user: session.user ? presentUser(session.user) : null, organization: presentOrganization(session.organization), via: session.via, csrfToken: session.csrfToken };
  });

  app.post('/users', {
    schema: {
      tags: ['Team'],
      summary: 'Add a teammate (owners and admins).',
      body: Type.Object({
        name: Type.String({ minLength: 1, maxLength: 200 }),
        email: Type.String({ minLength: 3, maxLength: 254 }),
        password: Type.String({ minLength: 8, maxLength: 200 }),
        role: Type.Union([Type.Literal('admin'), Type.Literal('agent')]),
      }),
      response: responses({ 201: User }),
    },
  }, async (request, reply) => {
    const user = await createUser(deps, principalOf(request), request.body);
    return reply.status(201).send(presentUser(user));
  });

  app.get('/users', { schema: { response: responses({ 200: Page(User) }), tags: ['Team'], summary: 'The organization\'s users.' } }, async (request) => {
    const users = await listTeam(deps, principalOf(request));
    return { items: users.map(presentUser), nextCursor: null };
  });

  app.delete('/users/:id', {
    schema: { response: responses({ 200: User }), tags: ['Team'], summary: 'Remove a teammate (owner only): their sessions end and their API keys are revoked at once; their name stays on what they did.', params: IdParams },
  }, async (request) => presentUser(await removeTeammate(deps, principalOf(request), request.params.id)));

  app.patch('/users/me', {
    schema: {
      tags: ['Team'],
      summary: 'Change your own profile: your phone, which a click-to-call rings first (null or empty clears it).',
      body: Type.Object({ phone: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Null()])) }),
      response: responses({ 200: User }),
    },
  }, async (request) => {
    return presentUser(await updateMyProfile(deps, principalOf(request), request.body));
  });

  app.post('/api-keys', {
    schema: { response: responses({ 201: CreatedApiKey }), tags: ['Team'], summary: 'Create an API key (owners and admins); the key is shown only in this response.', body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }) }) },
  }, async (request, reply) => {
    const { row, key } = await createApiKey(deps, principalOf(request), request.body.name);
    return reply.status(201).send({ ...presentApiKey(row), key });
  });

  app.get('/api-keys', { schema: { response: responses({ 200: Page(ApiKey) }), tags: ['Team'], summary: 'The organization\'s API keys (never the keys themselves).' } }, async (request) => {
    const keys = await listOrganizationApiKeys(deps, principalOf(request));
    return { items: keys.map(presentApiKey), nextCursor: null };
  });

  app.delete('/api-keys/:id', { schema: { response: responses({ 200: ApiKey }), tags: ['Team'], summary: 'Revoke an API key.', params: IdParams } }, async (request) => {
    return presentApiKey(await revokeOrganizationApiKey(deps, principalOf(request), request.params.id));
  });
}
