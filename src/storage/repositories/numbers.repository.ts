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

/** The number an organization sends from: its first registered one. */
export async function findSenderNumber(db: Executor, organizationId: string): Promise<PhoneNumberRow | undefined> {
  return db
    .selectFrom('phone_numbers')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .orderBy('created_at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}
