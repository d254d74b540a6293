import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

// Frozen: an index of the opted-out numbers by number, for the bulk check
// ("which of these 10,000 numbers are opted out?"). Each number is looked up
// in it; one that is not opted out is not in it, and the index holds all the
// query reads, so the table itself is not read for the answer.
//
// PostgreSQL: without it the check walked the whole opted-out list (ordered
// by date), and right after a STOP storm — whose updates clear the visibility
// map — read the table for tens of thousands of rows. It still reads the table
// for the few hits on pages changed since the last VACUUM.
// SQLite: without it each number was found through the primary key and then
// read from the table to see whether it is opted out (42 ms for 10,000
// numbers at 1M contacts, against 13 ms here).
//
// Partial: the numbers that are not opted out (most of them) cost nothing,
// and an opt-out adds one index entry.
export function optedOutNumbersIndexMigration(_dialect: Dialect) {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await sql`create index if not exists phone_consent_opted_out_phone_idx on phone_consent (organization_id, phone) where opted_out = 1`.execute(db);
    },
    async down(db: Kysely<any>): Promise<void> {
      await sql`drop index if exists phone_consent_opted_out_phone_idx`.execute(db);
    },
  };
}
