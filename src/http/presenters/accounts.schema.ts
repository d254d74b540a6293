import { Type } from 'typebox';
import { Nullable, Timestamp } from '../schemas.js';

export const Role = Type.Enum(['owner', 'admin', 'agent']);

export const User = Type.Object({
  id: Type.String(),
  name: Type.String(),
  email: Type.String(),
  role: Role,
  /** Where a click-to-call rings this user first. */
  phone: Nullable(Type.String({ description: 'Where a click-to-call rings this user first.' })),
  createdAt: Timestamp,
  removedAt: Nullable(Timestamp),
});

export const Organization = Type.Object({
  id: Type.String(),
  name: Type.String(),
  defaultCountry: Type.String({ description: 'ISO 3166 country national numbers are read in.', examples: ['US'] }),
  createdAt: Timestamp,
});

export const SignupResponse = Type.Object({
  organization: Type.Object({ id: Type.String(), name: Type.String() }),
  user: User,
  apiKey: Type.String({ description: 'The organization\'s first API key, shown only here.' }),
  csrfToken: Type.String(),
});

export const LoginResponse = Type.Object({ user: User, organization: Organization, csrfToken: Type.String() });

export const SessionResponse = Type.Object({
  user: Nullable(User),
  organization: Organization,
  via: Type.Enum(['api_key', 'session']),
  /** For cookie sessions: send it as X-CSRF-Token with writes. Null with an API key. */
  csrfToken: Nullable(Type.String()),
});

export const ApiKey = Type.Object({
  id: Type.String(),
  name: Type.String(),
  prefix: Type.String({ description: 'The first characters of the key, to recognise it.' }),
  createdAt: Timestamp,
  lastUsedAt: Nullable(Timestamp),
  revokedAt: Nullable(Timestamp),
});

export const CreatedApiKey = Type.Object({ ...ApiKey.properties, key: Type.String({ description: 'The key itself, shown only in this answer.' }) });

export const BootstrapResponse = Type.Object({ hasUsers: Type.Boolean() });
