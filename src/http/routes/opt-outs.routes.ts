import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Readable } from 'node:stream';
import { Type } from 'typebox';
import { optOutNumber, contactForNumber } from '../../app/consent/manual-consent.js';
import type { AppDeps } from '../../app/context.js';
import { exportOptOutsCsv, importOptOutsCsv, MAX_IMPORT_ROWS } from '../../app/opt-outs/opt-out-csv.js';
import { checkOptOuts, listOptOuts, MAX_CHECK_PHONES } from '../../app/opt-outs/opt-out-list.js';
import { AppError } from '../../domain/errors.js';
import { principalOf } from '../auth.js';
import { presentOptOut } from '../presenters.js';
import { ImportResult, OptOutCheckResult, OptOutEntry } from '../presenters/contacts.schema.js';
import { ListQuery, OptionalText, Page, PhoneInput, responses, textResponse } from '../schemas.js';

export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

export async function optOutRoutes(fastify: FastifyInstance, deps: AppDeps): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/opt-outs', {
    schema: {
      tags: ['Opt-outs'],
      summary: 'The opt-out list, newest first; search matches name, email or phone (any format, partial digits).',
      querystring: Type.Object({ search: Type.Optional(Type.String({ maxLength: 200 })), ...ListQuery }),
      response: responses({ 200: Page(OptOutEntry) }),
    },
  }, async (request) => {
    const page = await listOptOuts(deps, principalOf(request), { ...request.query, limit: request.query.limit ?? 50 });
    return { items: page.items.map(presentOptOut), nextCursor: page.nextCursor };
  });

  app.post('/opt-outs', {
    schema: { response: responses({ 201: OptOutEntry }), tags: ['Opt-outs'], summary: 'Opt a number out (it need not have a contact).', body: Type.Object({ phone: PhoneInput, reason: OptionalText(500) }) },
  }, async (request, reply) => {
    const principal = principalOf(request);
    const { consent } = await optOutNumber(deps, principal, request.body.phone, request.body.reason);
    const contact = await contactForNumber(deps, principal.organizationId, consent.phone);
    return reply.status(201).send(presentOptOut({ consent, contact }));
  });

  app.post('/opt-outs/check', {
    schema: {
      tags: ['Opt-outs'],
      summary: `Which of these numbers (at most ${MAX_CHECK_PHONES}) are opted out.`,
      body: Type.Object({ phones: Type.Array(Type.String({ maxLength: 40 }), { maxItems: MAX_CHECK_PHONES }) }),
      response: responses({ 200: OptOutCheckResult }),
    },
  }, async (request) => {
    return checkOptOuts(deps, principalOf(request), request.body.phones);
  });

  app.get('/opt-outs/export', { schema: { response: responses({ 200: textResponse('text/csv', 'The opt-out list as CSV: phone, name, email, opted_out_at, source, keyword, reason.') }), tags: ['Opt-outs'], summary: 'The whole opt-out list as CSV.' } }, async (request, reply) => {
    const principal = principalOf(request);
    const date = deps.clock().toISOString().slice(0, 10);
    void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="opt-outs-${date}.csv"`);
    return reply.send(Readable.from(exportOptOutsCsv(deps, principal)));
  });

  // The import reads its body as a stream: this scope hands the handler the request itself instead of a string.
  await fastify.register(async (scope) => {
    scope.removeContentTypeParser(['text/csv', 'text/plain']);
    scope.addContentTypeParser(['text/csv', 'text/plain'], (_request, payload, done) => done(null, payload));
    scope.withTypeProvider<TypeBoxTypeProvider>().post('/opt-outs/import', {
      schema: {
        tags: ['Opt-outs'],
        summary: `Add the numbers of a CSV (header row with a "phone" column, optional "reason") to the opt-out list; bad rows are skipped with an error (the first 100 listed), duplicates skipped, nobody is opted in. At most ${MAX_IMPORT_ROWS} rows and ${MAX_IMPORT_BYTES / (1024 * 1024)} MB, read as a stream and refused at the first row over.`,
        consumes: ['text/csv'],
        response: responses({ 200: ImportResult }),
      },
    }, async (request, reply) => {
      if (!(request.body instanceof Readable)) throw new AppError('invalid_request', 'Send the CSV as the request body with Content-Type: text/csv.');
      try {
        return await importOptOutsCsv(deps, principalOf(request), request.body, { maxBytes: MAX_IMPORT_BYTES });
      } catch (error) {
        // The rest of the body was not read: end this connection after the answer rather than parse it as a request.
        if (!request.body.readableEnded) void reply.header('connection', 'close');
        throw error;
      }
    });
  });
}
