/** Opt-out import jobs: the job row with its progress and lease, and the uploaded CSV kept in pieces beside it. */
import type { Executor, Trx } from '../executor.js';
import { decodeCursor, toPage, type Page } from '../pagination.js';
import type { ImportJobStatus, OptOutImportJobRow } from '../schema.js';

export async function insertImportJob(db: Executor, row: OptOutImportJobRow): Promise<void> {
  await db.insertInto('opt_out_import_jobs').values(row).execute();
}

export async function appendImportChunk(db: Executor, jobId: string, seq: number, data: Buffer): Promise<void> {
  await db.insertInto('opt_out_import_chunks').values({ job_id: jobId, seq, data }).execute();
}

/** The job's `seq`th piece of CSV (from 0), or null past the last one. */
export async function findImportChunk(db: Executor, jobId: string, seq: number): Promise<Buffer | null> {
  const row = await db.selectFrom('opt_out_import_chunks').select('data').where('job_id', '=', jobId).where('seq', '=', seq).executeTakeFirst();
  if (!row) return null;
  // SQLite hands back a Buffer, pg a Buffer too; a Uint8Array from another driver is wrapped without a copy.
  return Buffer.isBuffer(row.data) ? row.data : Buffer.from(row.data as Uint8Array);
}

export async function deleteImportChunks(db: Executor, jobId: string): Promise<void> {
  await db.deleteFrom('opt_out_import_chunks').where('job_id', '=', jobId).execute();
}

/** A job of the organization, or undefined (another organization's job is not found). */
export async function findImportJob(db: Executor, organizationId: string, id: string): Promise<OptOutImportJobRow | undefined> {
  return db.selectFrom('opt_out_import_jobs').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
}

export async function findImportJobById(db: Executor, id: string): Promise<OptOutImportJobRow | undefined> {
  return db.selectFrom('opt_out_import_jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The organization's jobs, newest first. */
export async function listImportJobs(db: Executor, organizationId: string, limit: number, cursor: string | null): Promise<Page<OptOutImportJobRow>> {
  let query = db.selectFrom('opt_out_import_jobs').selectAll().where('organization_id', '=', organizationId);
  if (cursor !== null) {
    const [createdAt, id] = decodeCursor(cursor, 2) as [string, string];
    query = query.where((eb) => eb.or([eb('created_at', '<', createdAt), eb.and([eb('created_at', '=', createdAt), eb('id', '<', id)])]));
  }
  const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
  return toPage(rows, limit, (row) => [row.created_at, row.id], (row) => row);
}

export async function setImportJobStatus(db: Executor, id: string, status: ImportJobStatus, now: string, bytes?: number): Promise<void> {
  await db.updateTable('opt_out_import_jobs').set({ status, updated_at: now, heartbeat_at: now, ...(bytes === undefined ? {} : { bytes }) }).where('id', '=', id).execute();
}

/**
 * Takes a running job for this instance when nobody holds it or its holder's
 * lease ran out (the holder stopped or died). One statement, so two instances
 * starting at once cannot both take it.
 */
export async function claimImportJob(db: Executor, id: string, instanceId: string, now: string, staleBefore: string): Promise<boolean> {
  const result = await db
    .updateTable('opt_out_import_jobs')
    .set({ claimed_by: instanceId, heartbeat_at: now, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .where((eb) => eb.or([eb('claimed_by', 'is', null), eb('claimed_by', '=', instanceId), eb('heartbeat_at', '<', staleBefore)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Unfinished jobs nobody is running: released, or their holder's lease ran out. */
export async function listOrphanedImportJobs(db: Executor, staleBefore: string): Promise<Pick<OptOutImportJobRow, 'id' | 'status'>[]> {
  return db
    .selectFrom('opt_out_import_jobs')
    .select(['id', 'status'])
    .where('status', 'in', ['receiving', 'running'])
    .where((eb) => eb.or([eb('claimed_by', 'is', null), eb('heartbeat_at', '<', staleBefore)]))
    .execute();
}

export interface ImportProgress {
  processed: number;
  imported: number;
  skipped: number;
  errorCount: number;
  /** JSON of the listed errors. */
  errors: string;
}

/**
 * Writes a batch's progress inside the batch's own transaction, only while this
 * instance still holds the job: false means another instance took it over,
 * and the caller rolls the batch back.
 */
export async function recordImportProgress(trx: Trx, id: string, instanceId: string, progress: ImportProgress, now: string): Promise<boolean> {
  const result = await trx
    .updateTable('opt_out_import_jobs')
    .set({ processed: progress.processed, imported: progress.imported, skipped: progress.skipped, error_count: progress.errorCount, errors: progress.errors, heartbeat_at: now, updated_at: now })
    .where('id', '=', id)
    .where('claimed_by', '=', instanceId)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Renews the lease while a long step runs (reading past rows already done). */
export async function renewImportJobLease(db: Executor, id: string, instanceId: string, now: string): Promise<void> {
  await db.updateTable('opt_out_import_jobs').set({ heartbeat_at: now }).where('id', '=', id).where('claimed_by', '=', instanceId).execute();
}

/** Ends the job; `claimedBy` null ends it whoever holds it (an upload that never finished). */
export async function finishImportJob(db: Executor, id: string, claimedBy: string | null, status: 'completed' | 'failed', now: string, failure: string | null): Promise<void> {
  let query = db
    .updateTable('opt_out_import_jobs')
    .set({ status, failure, finished_at: now, updated_at: now, claimed_by: null })
    .where('id', '=', id)
    .where('status', 'in', ['receiving', 'running']);
  if (claimedBy !== null) query = query.where('claimed_by', '=', claimedBy);
  await query.execute();
}

/** Lets go of a job this instance is stopping, so the next instance (or this one, restarted) resumes it at once. */
export async function releaseImportJob(db: Executor, id: string, instanceId: string, now: string): Promise<void> {
  await db.updateTable('opt_out_import_jobs').set({ claimed_by: null, updated_at: now }).where('id', '=', id).where('claimed_by', '=', instanceId).execute();
}
