import type { Executor } from '../executor.js';
import type { PhoneNumberRow } from '../schema.js';

export async function insertPhoneNumber(db: Executor, row: PhoneNumberRow): Promise<void> {
  await db.insertInto('phone_numbers').values(row).execute();
}

export async function findPhoneNumber(db: Executor, phoneNumber: string): Promise<PhoneNumberRow | undefined> {
  return db.selectFrom('phone_numbers').selectAll().where('phone_number', '=', phoneNumber).executeTakeFirst();
}

export async function listPhoneNumbers(db: Executor, organizationId: string): Promise<PhoneNumberRow[]> {
  return db.selectFrom('phone_numbers').selectAll().where('organization_id', '=', organizationId).orderBy('created_at').orderBy('id').execute();
}

/** Where an organization's texts and calls leave from, and through which provider. */
export interface SenderRoute {
  from: string | null;
  provider: string;
}

/** The route an organization's texts and calls take: its first registered number, else the built-in console provider. */
export async function findSenderRoute(db: Executor, organizationId: string): Promise<SenderRoute> {
  const first = db.selectFrom('phone_numbers').select(['phone_number', 'provider']).where('organization_id', '=', organizationId);
  const sender = await first.orderBy('created_at').orderBy('id').limit(1).executeTakeFirst();
  return { from: sender?.phone_number ?? null, provider: sender?.provider ?? 'console' };
}
