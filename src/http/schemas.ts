import { Type } from 'typebox';

/** Request schemas shared by several routes. They validate requests and document them in /docs. */
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
