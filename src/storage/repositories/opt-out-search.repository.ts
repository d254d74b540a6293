/** The opt-out list: opted-out numbers newest first, each with its live contact, searched by name, email or digits. */
import { sql, type RawBuilder } from 'kysely';
import { isPostgres, type Executor } from '../executor.js';
import { decodeCursor, toPage, type Page } from '../pagination.js';
import type { ContactRow, PhoneConsentRow } from '../schema.js';
import { containsPattern, contactMatchesIfFew, contactTextCondition, optedOutNumberMatchesIfFew, searchCondition } from './search.repository.js';

export interface OptOutRow {
  consent: PhoneConsentRow;
  contact: Pick<ContactRow, 'id' | 'name' | 'email' | 'phone'> | null;
}

export interface OptOutSearch {
  organizationId: string;
  text: string | null;
  digits: string | null;
  limit: number;
  cursor: string | null;
}

type OptOutQueryRow = PhoneConsentRow & { contact_id: string | null; contact_name: string | null; contact_email: string | null };

/**
 * Opted-out numbers, newest first, with the live contact of each number if
 * there is one. A search term that matches few rows is read through the
 * substring index; one that matches many walks the list (search.repository.ts).
 */
export async function searchOptOuts(db: Executor, search: OptOutSearch): Promise<Page<OptOutRow>> {
  const { text, digits } = search;
  let rows: OptOutQueryRow[] | null = null;
  if (text !== null && digits === null) {
    if (isPostgres(db)) rows = await findOptOutsByContactText(db, search, text);
    else {
      const matches = await contactMatchesIfFew(db, search.organizationId, { text, digits });
      if (matches !== null) rows = await findOptOutsOfContactMatches(db, search, text, matches);
    }
  } else if (digits !== null && text === null) {
    const matches = await optedOutNumberMatchesIfFew(db, search.organizationId, digits);
    if (matches !== null) rows = await findOptOutsWithDigits(db, search, digits, matches);
  }
  rows ??= await walkOptOuts(db, search);
  return toPage(
    rows,
    search.limit,
    (row) => [row.changed_at ?? '', row.phone],
    ({ contact_id, contact_name, contact_email, ...consent }) => ({
      consent,
      contact: contact_id === null ? null : { id: contact_id, name: contact_name, email: contact_email, phone: consent.phone },
    }),
  );
}

/**
 * PostgreSQL: opt-outs whose contact's name or email contains the text, from
 * number_search (migration 0005): each number's consent beside its contact's
 * name and email. A single table, so the planner itself picks
 * between walking it in list order (common text) and reading the trigram
 * matches and sorting them (rare text); the page's full rows come after.
 */
async function findOptOutsByContactText(db: Executor, search: OptOutSearch, text: string): Promise<OptOutQueryRow[]> {
  const { rows } = await sql<OptOutQueryRow>`
    select pc.*, hit.contact_id, hit.contact_name, hit.contact_email
    from (
      select s.phone, s.changed_at, s.contact_id, s.name as contact_name, s.email as contact_email
      from number_search s
      where s.organization_id = ${search.organizationId} and s.opted_out = 1
        and ${contactTextCondition('s', text)} and ${optOutCursorCondition(search.cursor, 's')}
      order by s.changed_at desc, s.phone desc
      limit ${search.limit + 1}
    ) hit
    join phone_consent pc on pc.organization_id = ${search.organizationId} and pc.phone = hit.phone and pc.opted_out = 1
    order by hit.changed_at desc, hit.phone desc`.execute(db);
  return rows;
}

/** The opt-out list in order, filtered as it goes: quick when the term is common (or absent). */
async function walkOptOuts(db: Executor, search: OptOutSearch): Promise<OptOutQueryRow[]> {
  let query = db
    .selectFrom('phone_consent')
    .leftJoin('contacts', (join) =>
      join
        .onRef('contacts.organization_id', '=', 'phone_consent.organization_id')
        .onRef('contacts.phone', '=', 'phone_consent.phone')
        .on('contacts.deleted_at', 'is', null),
    )
    .selectAll('phone_consent')
    .select(['contacts.id as contact_id', 'contacts.name as contact_name', 'contacts.email as contact_email'])
    .where('phone_consent.organization_id', '=', search.organizationId)
    .where('phone_consent.opted_out', '=', 1);

  if (search.text !== null || search.digits !== null) {
    query = query.where(searchCondition(search, { name: 'contacts.name', email: 'contacts.email', digits: 'phone_consent.phone' }));
  }
  if (search.cursor !== null) {
    const [changedAt, phone] = decodeCursor(search.cursor, 2) as [string, string];
    query = query.where((eb) =>
      eb.or([
        eb('phone_consent.changed_at', '<', changedAt),
        eb.and([eb('phone_consent.changed_at', '=', changedAt), eb('phone_consent.phone', '<', phone)]),
      ]),
    );
  }
  return query
    .orderBy('phone_consent.changed_at', 'desc')
    .orderBy('phone_consent.phone', 'desc')
    .limit(search.limit + 1)
    .execute();
}

/** Opt-outs whose contact's name or email contains the text, read through the contacts' substring index. */
async function findOptOutsOfContactMatches(db: Executor, search: OptOutSearch, text: string, matches: RawBuilder<unknown>): Promise<OptOutQueryRow[]> {
  const { rows } = await sql<OptOutQueryRow>`
    select pc.*, c.id as contact_id, c.name as contact_name, c.email as contact_email
    from ${matches}
    cross join phone_consent pc
    where pc.organization_id = c.organization_id and pc.phone = c.phone
      and c.organization_id = ${search.organizationId} and c.deleted_at is null
      and pc.opted_out = 1 and ${contactTextCondition('c', text)} and ${optOutCursorCondition(search.cursor)}
    order by pc.changed_at desc, pc.phone desc
    limit ${search.limit + 1}`.execute(db);
  return rows;
}

/** Opted-out numbers containing the digits, read through the numbers' substring index. */
async function findOptOutsWithDigits(db: Executor, search: OptOutSearch, digits: string, matches: RawBuilder<unknown>): Promise<OptOutQueryRow[]> {
  const { rows } = await sql<OptOutQueryRow>`
    select pc.*, c.id as contact_id, c.name as contact_name, c.email as contact_email
    from ${matches}
    left join contacts c on c.organization_id = pc.organization_id and c.phone = pc.phone and c.deleted_at is null
    where pc.organization_id = ${search.organizationId} and pc.opted_out = 1
      and pc.phone like ${containsPattern(digits)} and ${optOutCursorCondition(search.cursor)}
    order by pc.changed_at desc, pc.phone desc
    limit ${search.limit + 1}`.execute(db);
  return rows;
}

function optOutCursorCondition(cursor: string | null, alias = 'pc') {
  if (cursor === null) return sql<boolean>`1 = 1`;
  const [changedAt, phone] = decodeCursor(cursor, 2) as [string, string];
  const changed = sql.ref(`${alias}.changed_at`);
  const number = sql.ref(`${alias}.phone`);
  return sql<boolean>`(${changed} < ${changedAt} or (${changed} = ${changedAt} and ${number} < ${phone}))`;
}
