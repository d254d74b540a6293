import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

// Frozen: this migration describes the schema as it was first released.
// Later changes go in new files; never edit this one or import app code here.
export function initialMigration(_dialect: Dialect) {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('organizations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('default_country', 'text', (c) => c.notNull())
        .addColumn('settings', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('users_organization_idx').on('users').columns(['organization_id', 'created_at']).execute();

      await db.schema
        .createTable('sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('csrf_token', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('api_keys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('key_hash', 'text', (c) => c.notNull().unique())
        .addColumn('key_prefix', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_used_at', 'text')
        .addColumn('revoked_at', 'text')
        .execute();
      await db.schema.createIndex('api_keys_organization_idx').on('api_keys').columns(['organization_id', 'created_at']).execute();

      await db.schema
        .createTable('contacts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('name', 'text')
        .addColumn('phone', 'text', (c) => c.notNull())
        .addColumn('phone_digits', 'text', (c) => c.notNull())
        .addColumn('email', 'text')
        .addColumn('notes', 'text')
        .addColumn('tags', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('deleted_at', 'text')
        .execute();
      await db.schema
        .createIndex('contacts_live_phone_uq')
        .on('contacts')
        .columns(['organization_id', 'phone'])
        .unique()
        .where(sql.ref('deleted_at'), 'is', null)
        .execute();
      await db.schema.createIndex('contacts_created_idx').on('contacts').columns(['organization_id', 'created_at', 'id']).execute();

      await db.schema
        .createTable('phone_consent')
        .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('phone', 'text', (c) => c.notNull())
        .addColumn('opted_out', 'integer', (c) => c.notNull())
        .addColumn('changed_at', 'text')
        .addColumn('source', 'text')
        .addColumn('keyword', 'text')
        .addColumn('rule', 'text')
        .addColumn('reason', 'text')
        .addColumn('event_id', 'text')
        .addPrimaryKeyConstraint('phone_consent_pk', ['organization_id', 'phone'])
        .execute();
      await db.schema
        .createIndex('phone_consent_opted_out_idx')
        .on('phone_consent')
        .columns(['organization_id', 'changed_at', 'phone'])
        .where(sql.ref('opted_out'), '=', 1)
        .execute();

      await db.schema
        .createTable('consent_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('phone', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('keyword', 'text')
        .addColumn('rule', 'text')
        .addColumn('reason', 'text')
        .addColumn('note', 'text')
        .addColumn('attestation', 'text')
        .addColumn('actor_user_id', 'text')
        .addColumn('message_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addUniqueConstraint('consent_events_seq_uq', ['organization_id', 'seq'])
        .execute();
      await db.schema.createIndex('consent_events_phone_idx').on('consent_events').columns(['organization_id', 'phone', 'seq']).execute();

      await db.schema
        .createTable('ledger_heads')
        .addColumn('organization_id', 'text', (c) => c.primaryKey().references('organizations.id'))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('messages')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('contact_id', 'text', (c) => c.references('contacts.id'))
        .addColumn('direction', 'text', (c) => c.notNull())
        .addColumn('from_number', 'text')
        .addColumn('to_number', 'text')
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('action', 'text')
        .addColumn('in_reply_to_id', 'text')
        .addColumn('send_at', 'text')
        .addColumn('provider', 'text')
        .addColumn('provider_message_id', 'text')
        .addColumn('error_code', 'text')
        .addColumn('error_message', 'text')
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'text')
        .addColumn('claimed_at', 'text')
        .addColumn('claimed_by', 'text')
        .addColumn('sent_at', 'text')
        .addColumn('created_by_user_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('messages_contact_idx').on('messages').columns(['contact_id', 'created_at', 'id']).execute();
      await db.schema
        .createIndex('messages_inbound_provider_id_uq')
        .on('messages')
        .columns(['organization_id', 'provider_message_id'])
        .unique()
        .where(sql.ref('direction'), '=', 'inbound')
        .where(sql.ref('provider_message_id'), 'is not', null)
        .execute();
      await db.schema
        .createIndex('messages_outbound_provider_id_idx')
        .on('messages')
        .columns(['provider_message_id'])
        .where(sql.ref('direction'), '=', 'outbound')
        .where(sql.ref('provider_message_id'), 'is not', null)
        .execute();
      // Only pending rows are indexed, so the dispatcher's scan stays small however long the history grows.
      await db.schema
        .createIndex('messages_pending_idx')
        .on('messages')
        .columns(['send_at', 'id'])
        .where(sql.ref('status'), 'in', sql`('queued', 'scheduled', 'sending')`)
        .execute();
      await db.schema
        .createIndex('messages_pending_by_number_idx')
        .on('messages')
        .columns(['organization_id', 'to_number'])
        .where(sql.ref('status'), 'in', sql`('queued', 'scheduled', 'sending')`)
        .execute();

      await db.schema
        .createTable('calls')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('contact_id', 'text', (c) => c.references('contacts.id'))
        .addColumn('from_number', 'text')
        .addColumn('to_number', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('provider', 'text')
        .addColumn('provider_call_id', 'text')
        .addColumn('error_code', 'text')
        .addColumn('error_message', 'text')
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'text')
        .addColumn('claimed_at', 'text')
        .addColumn('claimed_by', 'text')
        .addColumn('created_by_user_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('calls_contact_idx').on('calls').columns(['contact_id', 'created_at', 'id']).execute();
      await db.schema
        .createIndex('calls_pending_idx')
        .on('calls')
        .columns(['created_at', 'id'])
        .where(sql.ref('status'), 'in', sql`('queued', 'sending')`)
        .execute();
      await db.schema
        .createIndex('calls_pending_by_number_idx')
        .on('calls')
        .columns(['organization_id', 'to_number'])
        .where(sql.ref('status'), 'in', sql`('queued', 'sending')`)
        .execute();

      await db.schema
        .createTable('phone_numbers')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('phone_number', 'text', (c) => c.notNull().unique())
        .addColumn('provider', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('phone_numbers_organization_idx').on('phone_numbers').columns(['organization_id', 'created_at']).execute();

      await db.schema
        .createTable('provider_credentials')
        .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('provider', 'text', (c) => c.notNull())
        .addColumn('account_sid', 'text', (c) => c.notNull())
        .addColumn('auth_token_ciphertext', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('provider_credentials_pk', ['organization_id', 'provider'])
        .execute();
    },
    async down(): Promise<void> {
      throw new Error('The initial migration cannot be reverted; restore a backup instead.');
    },
  };
}
