import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

// Frozen: when an owner removed a teammate. The row stays, because the consent
// ledger and reports name the people who acted; a removed user can no longer
// log in, and their sessions and API keys end when they are removed.
export function removedUsersMigration(_dialect: Dialect) {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('users').addColumn('removed_at', 'text').execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('users').dropColumn('removed_at').execute();
    },
  };
}
