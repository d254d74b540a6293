import { sql } from 'kysely';
import type { Executor } from '../executor.js';
import { decodeCursor, toPage, type Page } from '../pagination.js';
import { contactMatchesIfFew, searchCondition } from './search.repository.js';
import type { ContactRow, ContactUpdate, NewContactRow, PhoneConsentRow } from '../schema.js';

export interface ContactWithConsent {
  contact: ContactRow;
  consent: PhoneConsentRow | null;
}

export async function insertContact(db: Executor, row: NewContactRow): Promise<ContactRow> {
  await db.insertInto('contacts').values(row).execute();
  return row as ContactRow;
}

/** Inserts the contact unless the organization already has a live one with this phone. */
/** Inserts the contact unless a live one has its number; true when this row was inserted. */
export async function insertContactIfAbsent(db: Executor, row: NewContactRow): Promise<boolean> {
  const result = await db
    .insertInto('contacts')
    .values(row)
    .onConflict((oc) => oc.columns(['organization_id', 'phone']).where('deleted_at', 'is', null).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function findContactById(db: Executor, organizationId: string, id: string): Promise<ContactRow | undefined> {
  return db
    .selectFrom('contacts')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

/** The live contacts among these ids, in one query (missing and deleted ones are left out). */
export async function findContactsByIds(db: Executor, organizationId: string, ids: readonly string[]): Promise<ContactRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('contacts')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', 'in', [...new Set(ids)])
    .where('deleted_at', 'is', null)
    .execute();
}

export async function findContactByPhone(db: Executor, organizationId: string, phone: string): Promise<ContactRow | undefined> {
  return db
    .selectFrom('contacts')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('phone', '=', phone)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

export async function updateContact(db: Executor, organizationId: string, id: string, changes: ContactUpdate): Promise<void> {
  await db.updateTable('contacts').set(changes).where('organization_id', '=', organizationId).where('id', '=', id).execute();
}

export interface ContactSearch {
  organizationId: string;
  /** Lower-cased text to find in name or email. */
  text: string | null;
  /** Digits to find anywhere in the phone number. */
  digits: string | null;
  optedOut: boolean | null;
  limit: number;
  cursor: string | null;
}

/**
 * Contacts newest first, each with its number's consent state. A search term
 * that matches few contacts is read through the substring index; one that
 * matches many walks the list (search.repository.ts).
 */
export async function searchContacts(db: Executor, search: ContactSearch): Promise<Page<ContactWithConsent>> {
  const { text, digits } = search;
  const matches = (text === null) !== (digits === null) ? await contactMatchesIfFew(db, search.organizationId, { text, digits }) : null;
  const contacts = matches !== null ? sql<ContactRow>`(select c.* from ${matches})` : sql<ContactRow>`contacts`;
  let query = db
    .selectFrom(contacts.as('contacts'))
    .leftJoin('phone_consent', (join) =>
      join.onRef('phone_consent.organization_id', '=', 'contacts.organization_id').onRef('phone_consent.phone', '=', 'contacts.phone'),
    )
    .selectAll('contacts')
    .select([
      'phone_consent.opted_out as consent_opted_out',
      'phone_consent.changed_at as consent_changed_at',
      'phone_consent.source as consent_source',
      'phone_consent.keyword as consent_keyword',
      'phone_consent.rule as consent_rule',
      'phone_consent.reason as consent_reason',
      'phone_consent.event_id as consent_event_id',
      'phone_consent.review_pending as consent_review_pending',
    ])
    .where('contacts.organization_id', '=', search.organizationId)
    .where('contacts.deleted_at', 'is', null);

  if (text !== null || digits !== null) {
    query = query.where(searchCondition(search, { name: 'contacts.name', email: 'contacts.email', digits: 'contacts.phone_digits' }));
  }
  if (search.optedOut === true) query = query.where('phone_consent.opted_out', '=', 1);
  if (search.optedOut === false) {
    query = query.where((eb) => eb.or([eb('phone_consent.opted_out', 'is', null), eb('phone_consent.opted_out', '=', 0)]));
  }
  if (search.cursor !== null) {
    const [createdAt, id] = decodeCursor(search.cursor, 2) as [string, string];
    query = query.where((eb) =>
      eb.or([eb('contacts.created_at', '<', createdAt), eb.and([eb('contacts.created_at', '=', createdAt), eb('contacts.id', '<', id)])]),
    );
  }
  const rows = await query.orderBy('contacts.created_at', 'desc').orderBy('contacts.id', 'desc').limit(search.limit + 1).execute();
  return toPage(
    rows,
    search.limit,
    (row) => [row.created_at, row.id],
    (row) => ({
      contact: {
        id: row.id,
        organization_id: row.organization_id,
        name: row.name,
        phone: row.phone,
        phone_digits: row.phone_digits,
        email: row.email,
        notes: row.notes,
        tags: row.tags,
        created_at: row.created_at,
        updated_at: row.updated_at,
        deleted_at: row.deleted_at,
      },
      consent:
        row.consent_opted_out === null
          ? null
          : {
              organization_id: row.organization_id,
              phone: row.phone,
              opted_out: row.consent_opted_out,
              changed_at: row.consent_changed_at,
              source: row.consent_source,
              keyword: row.consent_keyword,
              rule: row.consent_rule,
              reason: row.consent_reason,
              event_id: row.consent_event_id,
              review_pending: row.consent_review_pending ?? 0,
            },
    }),
  );
}
