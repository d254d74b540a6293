import { sql } from 'kysely';
import { parseSearch } from '../../src/app/contacts/contacts.js';
import type { Executor } from '../../src/storage/executor.js';
import { searchOptOuts, type OptOutRow } from '../../src/storage/repositories/opt-out-search.repository.js';

/** The opt-out list's answer to a search as the app gives it: every page, `limit` rows at a time, in order. */
export async function everyOptOutPage(db: Executor, organizationId: string, search: string, limit: number): Promise<OptOutRow[]> {
  const { text, digits } = parseSearch(search);
  const rows: OptOutRow[] = [];
  let cursor: string | null = null;
  do {
    const page = await searchOptOuts(db, { organizationId, text, digits, limit, cursor });
    rows.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return rows;
}

/**
 * The opt-out list's answer to a search by the plainest query there is — no
 * substring index, no derived table — filtered and sorted here: the phones,
 * newest first. Searches must match it exactly.
 */
export async function referenceOptOutPhones(db: Executor, organizationId: string, search: string): Promise<string[]> {
  const { text, digits } = parseSearch(search);
  const rows = await db
    .selectFrom('phone_consent as pc')
    .leftJoin('contacts as c', (join) => join.onRef('c.organization_id', '=', 'pc.organization_id').onRef('c.phone', '=', 'pc.phone').on('c.deleted_at', 'is', null))
    .select(['pc.phone', 'pc.changed_at'])
    // lower() as the database does it (SQLite's folds ASCII only), so the reference and the search agree on case.
    .select(sql<string | null>`lower(c.name)`.as('lower_name'))
    .select(sql<string | null>`lower(c.email)`.as('lower_email'))
    .where('pc.organization_id', '=', organizationId)
    .where('pc.opted_out', '=', 1)
    .execute();
  return rows
    .filter((row) => {
      if (text !== null) return [row.lower_name, row.lower_email].some((value) => value !== null && value.includes(text));
      if (digits !== null) return row.phone.includes(digits);
      return true;
    })
    .sort((a, b) => {
      const [x, y] = [(a.changed_at ?? '') + a.phone, (b.changed_at ?? '') + b.phone];
      return x < y ? 1 : x > y ? -1 : 0;
    })
    .map((row) => row.phone);
}
