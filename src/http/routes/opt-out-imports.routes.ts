import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Readable } from 'node:stream';
import { Type } from 'typebox';
import type { AppDeps } from '../../app/context.js';
import { getOptOutImport, listOptOutImports, startOptOutImport } from '../../app/opt-outs/opt-out-import-jobs.js';
import { AppError } from '../../domain/errors.js';
import { principalOf } from '../auth.js';
import { ImportJob } from '../presenters/opt-out-imports.schema.js';
import { IdParams, ListQuery, Page, responses } from '../schemas.js';

/**
 * Largest CSV one import job takes. A 1,000,000-row opt-out list (a number and a short reason a row) is
 * 30–40 MB; 200 MB leaves room for exports with many columns. The body is stored as it arrives, a
 * megabyte at a time, so this bounds disk use, not memory.
 */
export const MAX_IMPORT_JOB_BYTES = 200 * 1024 * 1024;

/** Opt-out imports of any size, as background jobs (POST answers 202 with the job; GET follows it). */
export async function optOutImportRoutes(fastify: FastifyInstance, deps: AppDeps): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/opt-outs/imports', {
    schema: {
      tags: ['Opt-outs'],
      summary: 'The organization\'s import jobs, newest first.',
      querystring: Type.Object({ ...ListQuery }),
      response: responses({ 200: Page(ImportJob) }),
    },
  }, async (request) => listOptOutImports(deps, principalOf(request), { limit: request.query.limit ?? 20, cursor: request.query.cursor ?? null }));

  app.get('/opt-outs/imports/:id', {
    schema: {
      tags: ['Opt-outs'],
      summary: 'An import job and its progress; poll until status is completed or failed.',
      params: IdParams,
      response: responses({ 200: ImportJob }),
    },
  }, async (request) => getOptOutImport(deps, principalOf(request), request.params.id));

  // The upload is read as a stream: this scope hands the handler the request itself instead of a string.
  await fastify.register(async (scope) => {
    scope.removeContentTypeParser(['text/csv', 'text/plain']);
    scope.addContentTypeParser(['text/csv', 'text/plain'], { bodyLimit: MAX_IMPORT_JOB_BYTES }, (_request, payload, done) => done(null, payload));
    scope.withTypeProvider<TypeBoxTypeProvider>().post('/opt-outs/imports', {
      bodyLimit: MAX_IMPORT_JOB_BYTES,
      schema: {
        tags: ['Opt-outs'],
        summary: `Import a CSV of any length (at most ${MAX_IMPORT_JOB_BYTES / (1024 * 1024)} MB; header row with a "phone" column, optional "reason") in the background: answers 202 with the job at once; follow it with GET /opt-outs/imports/{id}. Same rules per row as POST /opt-outs/import.`,
        consumes: ['text/csv'],
        querystring: Type.Object({ fileName: Type.Optional(Type.String({ maxLength: 200, description: 'The file\'s name, shown with the job.' })) }),
        response: responses({ 202: ImportJob }),
      },
    }, async (request, reply) => {
      if (!(request.body instanceof Readable)) throw new AppError('invalid_request', 'Send the CSV as the request body with Content-Type: text/csv.');
      try {
        const job = await startOptOutImport(deps, deps.importJobs, principalOf(request), { body: request.body, maxBytes: MAX_IMPORT_JOB_BYTES, fileName: request.query.fileName ?? null });
        return reply.status(202).send(job);
      } catch (error) {
        // The rest of the body was not read: end this connection after the answer rather than parse it as a request.
        if (!request.body.readableEnded) {
          void reply.header('connection', 'close');
          request.body.on('error', () => {});
          request.body.resume();
        }
        throw error;
      }
    });
  });
}
