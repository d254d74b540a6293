import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

// Frozen: opt-out imports as background jobs.
// - opt_out_import_jobs: one row per uploaded CSV, with its progress. A batch
//   of rows and the job's counters commit in one transaction, so the counters
//   are exactly what the ledger holds and a restart resumes after the last
//   committed row. claimed_by/heartbeat_at are the running instance's lease:
//   another instance (or the same after a restart) takes over a job whose
//   lease ran out.
// - opt_out_import_chunks: the CSV as uploaded, in pieces of about 1 MB, so
//   the job can be read again from the start by any instance sharing the
//   database. Deleted when the job ends.
export function optOutImportJobsMigration(dialect: Dialect) {
  const bytes = dialect === 'postgres' ? 'bytea' : 'blob';
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('opt_out_import_jobs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('actor_user_id', 'text')
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('file_name', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('bytes', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('processed', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('imported', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('skipped', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('error_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('errors', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('failure', 'text')
        .addColumn('claimed_by', 'text')
        .addColumn('heartbeat_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .execute();
      await db.schema.createIndex('opt_out_import_jobs_org_idx').on('opt_out_import_jobs').columns(['organization_id', 'created_at']).execute();
      await db.schema
        .createIndex('opt_out_import_jobs_unfinished_idx')
        .on('opt_out_import_jobs')
        .columns(['status'])
        .where(sql.ref('status'), 'in', ['receiving', 'running'])
        .execute();
      await db.schema
        .createTable('opt_out_import_chunks')
        .addColumn('job_id', 'text', (c) => c.notNull().references('opt_out_import_jobs.id').onDelete('cascade'))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('data', sql.raw(bytes), (c) => c.notNull())
        .addPrimaryKeyConstraint('opt_out_import_chunks_pk', ['job_id', 'seq'])
        .execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.dropTable('opt_out_import_chunks').ifExists().execute();
      await db.schema.dropTable('opt_out_import_jobs').ifExists().execute();
    },
  };
}
