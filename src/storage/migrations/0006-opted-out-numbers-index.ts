import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

// Frozen: on PostgreSQL, an index of the opted-out numbers by number, for the
// bulk check ("which of these 10,000 numbers are opted out?"). Each number is
// looked up in it; one that is not opted out is not in it, so the answer comes
// from the index alone and the table is read only for the few hits whose page
// changed since the last VACUUM. Without it the check walked the whole
// opted-out list (ordered by date), and right after a STOP storm — whose
// updates clear the visibility map — read the table for tens of thousands of
// rows.
//
// SQLite looks each number up by primary key and has no visibility map to go
// stale, so it is left as it is (one index fewer for its single writer).
export function optedOutNumbersIndexMigration(dialect: Dialect) {
  return {
    async up(db: Kysely<any>): Promise<void> {
      if (dialect !== 'postgres') return;
      await sql`create index if not exists phone_consent_opted_out_phone_idx on phone_consent (organization_id, phone) where opted_out = 1`.execute(db);
    },
    async down(db: Kysely<any>): Promise<void> {
      if (dialect !== 'postgres') return;
      await sql`drop index if exists phone_consent_opted_out_phone_idx`.execute(db);
    },
  };
}
