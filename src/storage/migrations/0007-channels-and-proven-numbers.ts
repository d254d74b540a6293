import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

// Frozen: how each consent change and inbound text arrived, and proven sender numbers.
//
// consent_events.channel and messages.channel: JSON naming the channel (a
// provider, an API key by id and name, the app, the simulator, the system).
// Older rows keep null, and their ledger hashes stay as they were.
//
// phone_numbers: a number used to be unique across all organizations, so a
// claim without proof blocked its real owner. Now a number is unique within
// its organization, and across organizations only among Twilio numbers whose
// ownership the organization's Twilio account confirmed (verified_at). Rows
// from before keep verified_at null. SQLite cannot drop a column's UNIQUE, so
// the table is rebuilt there; nothing references it.
export function channelsAndProvenNumbersMigration(dialect: Dialect) {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('consent_events').addColumn('channel', 'text').execute();
      await db.schema.alterTable('messages').addColumn('channel', 'text').execute();

      if (dialect === 'sqlite') {
        await db.schema
          .createTable('phone_numbers_v2')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
          .addColumn('phone_number', 'text', (c) => c.notNull())
          .addColumn('provider', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('verified_at', 'text')
          .addColumn('provider_number_sid', 'text')
          .execute();
        await sql`insert into phone_numbers_v2 (id, organization_id, phone_number, provider, created_at) select id, organization_id, phone_number, provider, created_at from phone_numbers`.execute(db);
        await db.schema.dropTable('phone_numbers').execute();
        await db.schema.alterTable('phone_numbers_v2').renameTo('phone_numbers').execute();
        await db.schema.createIndex('phone_numbers_organization_idx').on('phone_numbers').columns(['organization_id', 'created_at']).execute();
      } else {
        await sql`alter table phone_numbers drop constraint phone_numbers_phone_number_key`.execute(db);
        await db.schema.alterTable('phone_numbers').addColumn('verified_at', 'text').execute();
        await db.schema.alterTable('phone_numbers').addColumn('provider_number_sid', 'text').execute();
      }
      await db.schema.createIndex('phone_numbers_organization_number_uq').on('phone_numbers').columns(['organization_id', 'phone_number']).unique().execute();
      await db.schema
        .createIndex('phone_numbers_proven_uq')
        .on('phone_numbers')
        .column('phone_number')
        .unique()
        .where(sql.ref('verified_at'), 'is not', null)
        .execute();
      // Webhook routing looks a number up across organizations.
      await db.schema.createIndex('phone_numbers_number_idx').on('phone_numbers').column('phone_number').execute();
    },
    async down(): Promise<void> {
      throw new Error('This migration cannot be reverted; restore a backup instead.');
    },
  };
}
