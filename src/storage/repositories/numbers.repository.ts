import type { Executor } from '../executor.js';
import type { PhoneNumberRow } from '../schema.js';

export async function insertPhoneNumber(db: Executor, row: PhoneNumberRow): Promise<void> {
  await db.insertInto('phone_numbers').values(row).execute();
}

/** The organization's own registration of a number (console or Twilio), if any. */
export async function findOrganizationNumber(db: Executor, organizationId: string, phoneNumber: string): Promise<PhoneNumberRow | undefined> {
  return db.selectFrom('phone_numbers').selectAll().where('organization_id', '=', organizationId).where('phone_number', '=', phoneNumber).executeTakeFirst();
}

/** The one organization whose Twilio account proved it owns the number, if any. */
export async function findProvenTwilioNumber(db: Executor, phoneNumber: string): Promise<PhoneNumberRow | undefined> {
  return db.selectFrom('phone_numbers').selectAll().where('phone_number', '=', phoneNumber).where('provider', '=', 'twilio').where('verified_at', 'is not', null).executeTakeFirst();
}

/**
 * The registration a Twilio webhook for this number is for: the proven one;
 * failing that, a Twilio number registered before proofs existed (at most
 * one: numbers were unique then). Console numbers never route a webhook.
 */
export async function findWebhookNumber(db: Executor, phoneNumber: string): Promise<PhoneNumberRow | undefined> {
  const rows = await db.selectFrom('phone_numbers').selectAll().where('phone_number', '=', phoneNumber).where('provider', '=', 'twilio').execute();
  return rows.find((row) => row.verified_at !== null) ?? rows[0];
}

export async function markNumberProven(db: Executor, id: string, proof: { verifiedAt: string; sid: string }): Promise<PhoneNumberRow> {
  return db
    .updateTable('phone_numbers')
    .set({ provider: 'twilio', verified_at: proof.verifiedAt, provider_number_sid: proof.sid })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
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
