import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../app/context.js';
import { serverHasUsers } from '../../app/accounts/bootstrap.js';
import { BootstrapResponse } from '../presenters/accounts.schema.js';
import { responses } from '../schemas.js';

/**
 * What the web UI needs before anyone is logged in: whether this server has
 * any user yet, so a fresh install's first visit offers sign-up instead of a
 * login form nobody can use. It reveals nothing about any organization.
 */
export async function bootstrapRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get('/bootstrap', {
    config: { public: true },
    schema: { response: responses({ 200: BootstrapResponse }), tags: ['Accounts'], summary: 'Whether this server has any user yet (the UI offers sign-up on a fresh install).', security: [] },
  }, async () => {
    return { hasUsers: await serverHasUsers(deps) };
  });
}
