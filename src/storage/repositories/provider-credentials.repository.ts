import type { Executor } from '../executor.js';
import type { ProviderCredentialsTable } from '../schema.js';
import type { Selectable } from 'kysely';

export type ProviderCredentialsRow = Selectable<ProviderCredentialsTable>;

export async function findProviderCredentials(db: Executor, organizationId: string, provider: string): Promise<ProviderCredentialsRow | undefined> {
  return db
    .selectFrom('provider_credentials')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('provider', '=', provider)
    .executeTakeFirst();
}

/** Inserts or replaces an organization's credentials for one provider. */
export async function upsertProviderCredentials(db: Executor, row: ProviderCredentialsRow): Promise<void> {
  await db
    .insertInto('provider_credentials')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['organization_id', 'provider']).doUpdateSet({
        account_sid: row.account_sid,
        auth_token_ciphertext: row.auth_token_ciphertext,
        updated_at: row.updated_at,
      }),
    )
    .execute();
}
