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

/** The columns a list search looks in: a name, an email, and a number's digits. */
export interface SearchColumns {
  name: string;
  email: string;
  digits: string;
}

/**
 * The one condition of every list search: the text in the name or the email
 * (case-insensitive, the same in SQLite and PostgreSQL), or the digits in the
 * number. The contact list and the opt-out list apply it alike.
 */
export function searchCondition(terms: SearchTerms, columns: SearchColumns): RawBuilder<boolean> {
  const conditions: RawBuilder<boolean>[] = [];
  if (terms.text !== null) {
    const pattern = containsPattern(terms.text);
    conditions.push(sql<boolean>`lower(${sql.ref(columns.name)}) like ${pattern} escape '\\'`, sql<boolean>`lower(${sql.ref(columns.email)}) like ${pattern} escape '\\'`);
  }
  if (terms.digits !== null) conditions.push(sql<boolean>`${sql.ref(columns.digits)} like ${`%${terms.digits}%`}`);
  return conditions.length === 0 ? sql<boolean>`1 = 1` : sql<boolean>`(${sql.join(conditions, sql` or `)})`;
}

/** The name/email condition of a text search, on a contacts row aliased `alias`. */
export function contactTextCondition(alias: string, text: string): RawBuilder<boolean> {
  return searchCondition({ text, digits: null }, { name: `${alias}.name`, email: `${alias}.email`, digits: `${alias}.phone_digits` });
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
    const matches = (alias: string) =>
      sql`contacts ${sql.raw(alias)} where ${sql.ref(`${alias}.organization_id`)} = ${organizationId} and ${sql.ref(`${alias}.deleted_at`)} is null and ${
        terms.text !== null ? contactTextCondition(alias, terms.text) : sql<boolean>`${sql.ref(`${alias}.phone_digits`)} like ${containsPattern(term)}`
      }`;
    return (await fewMatch(db, matches('x'))) ? sql`(select * from ${matches('m')} offset 0) c` : null;
  }
  // Across organizations (the FTS table has no organization column): an overestimate, which only ever chooses
  // the walk; the caller's own conditions keep other organizations' rows out.
  const match = ftsPhrase(terms.text !== null ? '{name email}' : 'phone_digits', term);
  return joinFtsMatches(db, sql`select rowid as id from contacts_search where contacts_search match ${match}`, 'contacts', 'c');
}

/**
 * The FROM clause (alias `pc`) that reads the organization's opted-out
 * numbers containing these digits through the substring index, when few
 * do; null when many do, and the caller walks the list instead.
 */
export async function optedOutNumberMatchesIfFew(db: Executor, organizationId: string, digits: string): Promise<RawBuilder<unknown> | null> {
  if (!indexable(digits)) return null;
  if (isPostgres(db)) {
    const matches = (alias: string) =>
      sql`phone_consent ${sql.raw(alias)} where ${sql.ref(`${alias}.organization_id`)} = ${organizationId} and ${sql.ref(`${alias}.opted_out`)} = 1 and substr(${sql.ref(`${alias}.phone`)}, 2) like ${containsPattern(digits)}`;
    return (await fewMatch(db, matches('x'))) ? sql`(select * from ${matches('m')} offset 0) pc` : null;
  }
  return joinFtsMatches(db, sql`select rowid as id from phone_consent_search where phone_consent_search match ${ftsPhrase('phone', digits)}`, 'phone_consent', 'pc');
}

/**
 * PostgreSQL: whether the rows of `matches` ("table alias where ...") are few, counted up to the limit
 * through the trigram indexes. The caller then reads them materialized (OFFSET 0), so PostgreSQL reads the
 * matches first (bitmap scans of the trigram indexes) instead of guessing.
 */
async function fewMatch(db: Executor, matches: RawBuilder<unknown>): Promise<boolean> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from (select 1 from ${matches} limit ${searchTuning.indexReadLimit + 1}) counted`.execute(db);
  return Number(rows[0]?.n ?? Infinity) <= searchTuning.indexReadLimit;
}

/**
 * SQLite: reads up to the limit of matches from an FTS query (`select rowid as id ...`) and gives the FROM
 * clause that joins exactly those rows of `table` as `alias`, or null when there are more. The matches are
 * read once: counting them first and matching again in the page's query doubled the cost of a long term
 * (a company domain: 11–19 ms each time at 1M contacts). CROSS JOIN makes the matches drive the join.
 */
async function joinFtsMatches(db: Executor, matches: RawBuilder<unknown>, table: 'contacts' | 'phone_consent', alias: 'c' | 'pc'): Promise<RawBuilder<unknown> | null> {
  const { rows } = await sql<{ id: number }>`${matches} limit ${searchTuning.indexReadLimit + 1}`.execute(db);
  if (rows.length > searchTuning.indexReadLimit) return null;
  const rowids = JSON.stringify(rows.map((row) => row.id));
  return sql`(select value as search_rowid from json_each(${rowids})) s cross join ${sql.table(table)} ${sql.raw(alias)} on ${sql.ref(`${alias}.rowid`)} = s.search_rowid`;
}
