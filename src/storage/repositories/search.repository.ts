import { sql, type RawBuilder } from 'kysely';
import { escapeLike, isPostgres, type Executor } from '../executor.js';

/**
 * How the contact and opt-out list searches find their rows. Both lists are
 * ordered (newest first) and paged; a search term either
 * - matches many rows: walking the list in order fills a page after a few
 *   hundred rows, so that is what runs; or
 * - matches few: walking could read the whole list, so the matches are read
 *   through the substring index (SQLite FTS5 trigram tables, PostgreSQL
 *   pg_trgm — migration 0004) and sorted.
 * A bounded count through the index tells which case it is. Both ways apply
 * the same conditions, so the answer is the same either way.
 */
export interface SearchTerms {
  /** Lower-cased text to find in a contact's name or email. */
  text: string | null;
  /** Digits to find in a phone number. */
  digits: string | null;
}

/** Up to `indexReadLimit` matches, reading them through the index beats walking the list. Tests move it to force either way. */
export const searchTuning = { indexReadLimit: 4000 };

/** Trigram indexes only answer for three characters or more. */
function indexable(term: string): boolean {
  return [...term].length >= 3;
}

/** FTS5 phrase for a substring: with the trigram tokenizer it matches the text anywhere. */
function ftsPhrase(columns: string, term: string): string {
  return `${columns} : "${term.replace(/"/g, '""')}"`;
}

export function containsPattern(term: string): string {
  return `%${escapeLike(term)}%`;
}

/** The name/email condition of a text search, on a contacts row aliased `alias`. */
export function contactTextCondition(alias: string, text: string): RawBuilder<boolean> {
  const pattern = containsPattern(text);
  return sql<boolean>`(lower(${sql.ref(`${alias}.name`)}) like ${pattern} escape '\\' or lower(${sql.ref(`${alias}.email`)}) like ${pattern} escape '\\')`;
}

/** Whether few of the organization's contacts match: then they are read through the index. */
export async function fewContactsMatch(db: Executor, organizationId: string, terms: SearchTerms): Promise<boolean> {
  const term = terms.text ?? terms.digits;
  if (term === null || !indexable(term)) return false;
  let count: RawBuilder<{ n: number }>;
  if (isPostgres(db)) {
    const condition = terms.text !== null ? contactTextCondition('c', terms.text) : sql<boolean>`c.phone_digits like ${containsPattern(term)}`;
    count = sql<{ n: number }>`select count(*)::int as n from (
      select 1 from contacts c where c.organization_id = ${organizationId} and c.deleted_at is null and ${condition} limit ${searchTuning.indexReadLimit + 1}) x`;
  } else {
    // Across organizations (the FTS table has no organization column): an overestimate, which only ever chooses the walk.
    const match = ftsPhrase(terms.text !== null ? '{name email}' : 'phone_digits', term);
    count = sql<{ n: number }>`select count(*) as n from (select 1 from contacts_search where contacts_search match ${match} limit ${searchTuning.indexReadLimit + 1})`;
  }
  const { rows } = await count.execute(db);
  return Number(rows[0]?.n ?? Infinity) <= searchTuning.indexReadLimit;
}

/** Whether few of the organization's opted-out numbers contain these digits. */
export async function fewOptedOutNumbersMatch(db: Executor, organizationId: string, digits: string): Promise<boolean> {
  if (!indexable(digits)) return false;
  let count: RawBuilder<{ n: number }>;
  if (isPostgres(db)) {
    count = sql<{ n: number }>`select count(*)::int as n from (
      select 1 from phone_consent where organization_id = ${organizationId} and opted_out = 1 and substr(phone, 2) like ${containsPattern(digits)} limit ${searchTuning.indexReadLimit + 1}) x`;
  } else {
    count = sql<{ n: number }>`select count(*) as n from (select 1 from phone_consent_search where phone_consent_search match ${ftsPhrase('phone', digits)} limit ${searchTuning.indexReadLimit + 1})`;
  }
  const { rows } = await count.execute(db);
  return Number(rows[0]?.n ?? Infinity) <= searchTuning.indexReadLimit;
}

/**
 * The FROM clause that reads matching contacts (alias `c`) through the
 * index, for the caller to join and filter further. SQLite: CROSS JOIN
 * makes the FTS table drive the join, so only matches are read.
 */
export function contactMatchesFrom(db: Executor, organizationId: string, terms: SearchTerms): RawBuilder<unknown> {
  const term = (terms.text ?? terms.digits)!;
  if (isPostgres(db)) {
    const condition = terms.text !== null ? contactTextCondition('m', terms.text) : sql<boolean>`m.phone_digits like ${containsPattern(term)}`;
    // Materialized: PostgreSQL reads the matches first (bitmap scans of the trigram indexes) instead of guessing.
    return sql`(select * from contacts m where m.organization_id = ${organizationId} and m.deleted_at is null and ${condition} offset 0) c`;
  }
  const match = ftsPhrase(terms.text !== null ? '{name email}' : 'phone_digits', term);
  return sql`(select rowid as search_rowid from contacts_search where contacts_search match ${match}) s cross join contacts c on c.rowid = s.search_rowid`;
}

/** The FROM clause that reads opted-out numbers (alias `pc`) containing these digits through the index. */
export function optedOutNumberMatchesFrom(db: Executor, organizationId: string, digits: string): RawBuilder<unknown> {
  if (isPostgres(db)) {
    return sql`(select * from phone_consent m where m.organization_id = ${organizationId} and m.opted_out = 1 and substr(m.phone, 2) like ${containsPattern(digits)} offset 0) pc`;
  }
  return sql`(select rowid as search_rowid from phone_consent_search where phone_consent_search match ${ftsPhrase('phone', digits)}) s cross join phone_consent pc on pc.rowid = s.search_rowid`;
}
