import { Type } from 'typebox';
import { Nullable, Timestamp } from '../schemas.js';

export const ConsentSource = Type.Enum(['keyword', 'phrase', 'manual', 'import', 'api', 'provider', 'review', 'simulated', 'keypress', 'agent'], {
  description: 'How a consent change was made.',
});

/** Where a number stands when it is opted out; null while it is not. */
export const OptOutState = Type.Object({
  optedOutAt: Nullable(Timestamp),
  reason: Nullable(Type.String()),
  source: Nullable(ConsentSource),
  keyword: Nullable(Type.String()),
  rule: Nullable(Type.String()),
});

export const Contact = Type.Object({
  id: Type.String(),
  name: Nullable(Type.String()),
  phone: Type.String({ description: 'E.164.' }),
  email: Nullable(Type.String()),
  notes: Nullable(Type.String()),
  tags: Type.Array(Type.String()),
  optedOut: Type.Boolean(),
  optOut: Nullable(OptOutState),
  reviewPending: Type.Boolean({ description: 'A reply from the number awaits review; it is not contacted until a teammate decides.' }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const ContactSummary = Type.Object({ id: Type.String(), name: Nullable(Type.String()), email: Nullable(Type.String()), phone: Type.String() });

/** One number on the opt-out list, with its contact if it has one. */
export const OptOutEntry = Type.Object({
  phone: Type.String(),
  contact: Nullable(ContactSummary),
  optedOutAt: Timestamp,
  reason: Nullable(Type.String()),
  source: Nullable(ConsentSource),
  keyword: Nullable(Type.String()),
  rule: Nullable(Type.String()),
});

export const OptOutCheckResult = Type.Object({
  optedOut: Type.Array(Type.String(), { description: 'The opted-out numbers among those sent, in E.164.' }),
  invalid: Type.Array(Type.String(), { description: 'Inputs that are not phone numbers, so could not be checked.' }),
});

export const ImportResult = Type.Object({
  imported: Type.Integer(),
  skipped: Type.Integer(),
  errors: Type.Array(Type.Object({ row: Type.Integer(), value: Type.String(), error: Type.String() }), { description: 'The first 100 bad rows; skipped counts them all.' }),
});
