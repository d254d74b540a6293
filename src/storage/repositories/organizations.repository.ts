import type { Executor } from '../executor.js';
import type { OrganizationRow } from '../schema.js';
import { GENESIS_HASH } from '../../domain/consent-ledger.js';

export async function insertOrganization(db: Executor, row: OrganizationRow): Promise<void> {
  await db.insertInto('organizations').values(row).execute();
  await db.insertInto('ledger_heads').values({ organization_id: row.id, seq: 0, hash: GENESIS_HASH }).execute();
}

export async function findOrganizationById(db: Executor, id: string): Promise<OrganizationRow | undefined> {
  return db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateOrganizationSettings(db: Executor, id: string, settings: string): Promise<void> {
  await db.updateTable('organizations').set({ settings }).where('id', '=', id).execute();
}
