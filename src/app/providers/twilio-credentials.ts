import { AppError } from '../../domain/errors.js';
import { findProviderCredentials, upsertProviderCredentials } from '../../storage/repositories/provider-credentials.repository.js';
import { ACCOUNT_SID } from '../../providers/twilio-fields.js';
import { requireAdministrator } from '../policies.js';
import { nowIso, type AppDeps, type Principal } from '../context.js';

export interface TwilioCredentials {
  accountSid: string;
  authToken: string;
}

/** What the API shows: never the token, only whether one is stored and can be used. */
export interface TwilioCredentialsView {
  accountSid: string | null;
  configured: boolean;
  /** Present (true) when a token is stored but cannot be decrypted with this SECRET_KEY: save it again. */
  unreadable?: true;
}

/**
 * The organization has Twilio credentials, but this server cannot decrypt the
 * token: SECRET_KEY differs from the key it was saved under (or the row was
 * altered). Signatures cannot be checked nor texts sent until it is saved again.
 */
export class UnreadableTwilioCredentialsError extends Error {
  constructor(readonly organizationId: string, readonly accountSid: string) {
    super(`The Twilio Auth Token of organization ${organizationId} cannot be decrypted: SECRET_KEY differs from the key it was saved with, or the row was altered. Save the credentials again (Settings → Twilio).`);
    this.name = 'UnreadableTwilioCredentialsError';
  }
}

const PROVIDER = 'twilio';
// Typed by a person: the hex digits in either case.
const ACCOUNT_SID_INPUT = new RegExp(ACCOUNT_SID.source, 'i');

function cipherContext(organizationId: string): string {
  return `${organizationId}:${PROVIDER}`;
}

export async function getTwilioCredentials(deps: AppDeps, principal: Principal): Promise<TwilioCredentialsView> {
  requireAdministrator(principal, 'see provider settings');
  const row = await findProviderCredentials(deps.db, principal.organizationId, PROVIDER);
  if (!row) return { accountSid: null, configured: false };
  try {
    deps.secrets.decrypt(row.auth_token_ciphertext, cipherContext(principal.organizationId));
  } catch {
    return { accountSid: row.account_sid, configured: false, unreadable: true };
  }
  return { accountSid: row.account_sid, configured: true };
}

/** Stores the organization's Twilio Account SID and Auth Token (owners and admins); the token is encrypted at rest. */
export async function saveTwilioCredentials(deps: AppDeps, principal: Principal, input: TwilioCredentials): Promise<TwilioCredentialsView> {
  requireAdministrator(principal, 'change provider settings');
  const accountSid = input.accountSid.trim();
  const authToken = input.authToken.trim();
  if (!ACCOUNT_SID_INPUT.test(accountSid)) {
    throw new AppError('invalid_request', 'accountSid: a Twilio Account SID is "AC" followed by 32 hexadecimal characters.', { field: 'accountSid' });
  }
  if (!authToken) throw new AppError('invalid_request', 'authToken: paste the Auth Token from the Twilio console.', { field: 'authToken' });
  await upsertProviderCredentials(deps.db, {
    organization_id: principal.organizationId,
    provider: PROVIDER,
    account_sid: accountSid,
    auth_token_ciphertext: deps.secrets.encrypt(authToken, cipherContext(principal.organizationId)),
    updated_at: nowIso(deps),
  });
  return { accountSid, configured: true };
}

/** The decrypted credentials the Twilio provider and webhooks use; null when the organization has none. */
export async function loadTwilioCredentials(deps: Pick<AppDeps, 'db' | 'secrets'>, organizationId: string): Promise<TwilioCredentials | null> {
  const row = await findProviderCredentials(deps.db, organizationId, PROVIDER);
  if (!row) return null;
  try {
    return { accountSid: row.account_sid, authToken: deps.secrets.decrypt(row.auth_token_ciphertext, cipherContext(organizationId)) };
  } catch {
    throw new UnreadableTwilioCredentialsError(organizationId, row.account_sid);
  }
}
