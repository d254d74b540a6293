import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

// Frozen: the review queue for replies whose intent to revoke consent is unclear.
export function reviewQueueMigration(_dialect: Dialect) {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('review_items')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('message_id', 'text', (c) => c.notNull().references('messages.id'))
        .addColumn('contact_id', 'text')
        .addColumn('phone', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('rule', 'text', (c) => c.notNull())
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addColumn('deadline', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('decided_by_user_id', 'text')
        .addColumn('decided_at', 'text')
        .addColumn('event_id', 'text')
        .execute();
      await db.schema
        .createIndex('review_items_pending_idx')
        .on('review_items')
        .columns(['organization_id', 'received_at', 'id'])
        .where(sql.ref('status'), '=', 'pending')
        .execute();
      await db.schema.createIndex('review_items_phone_idx').on('review_items').columns(['organization_id', 'phone']).execute();
      // While a reply from the number awaits review, it is not contacted ("when in doubt, don't contact").
      await db.schema.alterTable('phone_consent').addColumn('review_pending', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    },
    async down(): Promise<void> {
      throw new Error('This migration cannot be reverted; restore a backup instead.');
    },
  };
}
