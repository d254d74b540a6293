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
 * A bounded read through the index tells which case it is (on SQLite, the
 * matches it read are then the ones joined). Both ways apply the same
 * conditions, so the answer is the same either way.
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

/**
 * The FROM clause (alias `c`) that reads the contacts matching a term
 * through the substring index, when few of the organization's contacts
 * match; null when many do (or the term is too short for the index), and
 * the caller walks its list instead.
 */
export async function contactMatchesIfFew(db: Executor, organizationId: string, terms: SearchTerms): Promise<RawBuilder<unknown> | null> {
  const term = terms.text ?? terms.digits;
  if (term === null || !indexable(term)) return null;
  if (isPostgres(db)) {
    const condition = (alias: string) => (terms.text !== null ? contactTextCondition(alias, terms.text) : sql<boolean>`${sql.ref(`${alias}.phone_digits`)} like ${containsPattern(term)}`);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from (
      select 1 from contacts c where c.organization_id = ${organizationId} and c.deleted_at is null and ${condition('c')} limit ${searchTuning.indexReadLimit + 1}) x`.execute(db);
    if (Number(rows[0]?.n ?? Infinity) > searchTuning.indexReadLimit) return null;
    // Materialized: PostgreSQL reads the matches first (bitmap scans of the trigram indexes) instead of guessing.
    return sql`(select * from contacts m where m.organization_id = ${organizationId} and m.deleted_at is null and ${condition('m')} offset 0) c`;
  }
  // The matches are read from the FTS table once, and the caller's query joins them by rowid: reading them
  // a second time doubled the cost of a long term (a company domain: 11–18 ms each time at 1M contacts).
  // Across organizations (the FTS table has no organization column): an overestimate, which only ever chooses
  // the walk; the caller's own conditions keep other organizations' rows out.
  const match = ftsPhrase(terms.text !== null ? '{name email}' : 'phone_digits', term);
  const rowids = await matchingRowids(db, sql`select rowid as id from contacts_search where contacts_search match ${match} limit ${searchTuning.indexReadLimit + 1}`);
  if (rowids === null) return null;
  // CROSS JOIN makes the list of matches drive the join, so only matches are read.
  return sql`(select value as search_rowid from json_each(${JSON.stringify(rowids)})) s cross join contacts c on c.rowid = s.search_rowid`;
}

/**
 * The FROM clause (alias `pc`) that reads the organization's opted-out
 * numbers containing these digits through the substring index, when few
 * do; null when many do, and the caller walks the list instead.
 */
export async function optedOutNumberMatchesIfFew(db: Executor, organizationId: string, digits: string): Promise<RawBuilder<unknown> | null> {
  if (!indexable(digits)) return null;
  if (isPostgres(db)) {
    const condition = (alias: string) => sql<boolean>`${sql.ref(`${alias}.organization_id`)} = ${organizationId} and ${sql.ref(`${alias}.opted_out`)} = 1 and substr(${sql.ref(`${alias}.phone`)}, 2) like ${containsPattern(digits)}`;
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from (
      select 1 from phone_consent x where ${condition('x')} limit ${searchTuning.indexReadLimit + 1}) y`.execute(db);
    if (Number(rows[0]?.n ?? Infinity) > searchTuning.indexReadLimit) return null;
    return sql`(select * from phone_consent m where ${condition('m')} offset 0) pc`;
  }
  const rowids = await matchingRowids(db, sql`select rowid as id from phone_consent_search where phone_consent_search match ${ftsPhrase('phone', digits)} limit ${searchTuning.indexReadLimit + 1}`);
  if (rowids === null) return null;
  return sql`(select value as search_rowid from json_each(${JSON.stringify(rowids)})) s cross join phone_consent pc on pc.rowid = s.search_rowid`;
}

/** The rowids a limited FTS query returns, or null if it hit its limit (too many to read this way). */
async function matchingRowids(db: Executor, query: RawBuilder<{ id: number }>): Promise<number[] | null> {
  const { rows } = await query.execute(db);
  return rows.length > searchTuning.indexReadLimit ? null : rows.map((row) => row.id);
}
