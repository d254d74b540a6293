import { Type, type TSchema } from 'typebox';

/**
 * Schemas shared by several routes: they validate requests, shape answers and
 * document both in /docs. Schema modules import only typebox and each other, so
 * the web UI can derive its types from them.
 */
export const PhoneInput = Type.String({ minLength: 1, maxLength: 40, description: 'A phone number in any common format; national numbers are read in the organization\'s country.', examples: ['(415) 555-0101', '+14155550101'] });

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export const ListQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50, description: 'Page size, at most 200.' })),
  cursor: Type.Optional(Type.String({ maxLength: 500, description: 'The nextCursor of the previous page.' })),
};

export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ examples: ['contact_opted_out'] }),
      message: Type.String(),
      field: Type.Optional(Type.String()),
    }),
  },
  { description: 'Every failure has this shape.' },
);

export const OptionalText = (maxLength: number) => Type.Optional(Type.Union([Type.String({ maxLength }), Type.Null()]));

/** A field that may be null in an answer. */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** An ISO 8601 time as the API writes it. */
export const Timestamp = Type.String({ description: 'ISO 8601 time, UTC.', examples: ['2026-03-01T09:30:00.000Z'] });

/** A page of a list: `nextCursor` goes in ?cursor= for the next page; null on the last. */
export const Page = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item), nextCursor: Nullable(Type.String()) });

/** The answer of a route that only says it worked. */
export const Ok = Type.Object({ ok: Type.Literal(true) });

/** What a route answers: its success shapes by status, and ErrorResponse for every failure. */
export const responses = <T extends Record<number, TSchema>>(success: T) => ({ ...success, '4xx': ErrorResponse, '5xx': ErrorResponse });

/** A text body, sent as a string or streamed. */
const TextBody = Type.Unsafe<unknown>({ type: 'string' });

/** A success answer that is not JSON (a CSV download, TwiML), documented by its media type. */
export const textResponse = (mediaType: string, description: string) => ({ description, content: { [mediaType]: { schema: TextBody } } });
