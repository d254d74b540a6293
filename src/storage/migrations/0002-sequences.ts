import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

// Frozen: automated outreach sequences, their enrollments, and the record of
// each step an enrollment has run. Never edit this file or import app code here.
export function sequencesMigration(_dialect: Dialect) {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('sequences')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('steps', 'text', (c) => c.notNull())
        .addColumn('created_by_user_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sequences_organization_idx').on('sequences').columns(['organization_id', 'created_at', 'id']).execute();

      await db.schema
        .createTable('sequence_enrollments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('sequence_id', 'text', (c) => c.notNull().references('sequences.id'))
        .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id'))
        .addColumn('phone', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('stop_reason', 'text')
        .addColumn('next_step_index', 'integer', (c) => c.notNull())
        .addColumn('next_run_at', 'text')
        .addColumn('claimed_at', 'text')
        .addColumn('claimed_by', 'text')
        .addColumn('created_by_user_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('stopped_at', 'text')
        .addColumn('completed_at', 'text')
        .execute();
      // A contact is actively enrolled in a sequence at most once.
      await db.schema
        .createIndex('sequence_enrollments_active_uq')
        .on('sequence_enrollments')
        .columns(['sequence_id', 'contact_id'])
        .unique()
        .where(sql.ref('status'), '=', 'active')
        .execute();
      await db.schema.createIndex('sequence_enrollments_sequence_idx').on('sequence_enrollments').columns(['sequence_id', 'created_at', 'id']).execute();
      // Only active rows are indexed: the runner's scan and an opt-out's stop stay small however long the history grows.
      await db.schema
        .createIndex('sequence_enrollments_due_idx')
        .on('sequence_enrollments')
        .columns(['next_run_at', 'id'])
        .where(sql.ref('status'), '=', 'active')
        .execute();
      await db.schema
        .createIndex('sequence_enrollments_active_by_number_idx')
        .on('sequence_enrollments')
        .columns(['organization_id', 'phone'])
        .where(sql.ref('status'), '=', 'active')
        .execute();

      // One row per step an enrollment ran; the primary key makes running a step twice impossible.
      await db.schema
        .createTable('sequence_step_runs')
        .addColumn('enrollment_id', 'text', (c) => c.notNull().references('sequence_enrollments.id'))
        .addColumn('step_index', 'integer', (c) => c.notNull())
        .addColumn('message_id', 'text', (c) => c.references('messages.id'))
        .addColumn('call_id', 'text', (c) => c.references('calls.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('sequence_step_runs_pk', ['enrollment_id', 'step_index'])
        .execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.dropTable('sequence_step_runs').execute();
      await db.schema.dropTable('sequence_enrollments').execute();
      await db.schema.dropTable('sequences').execute();
    },
  };
}
