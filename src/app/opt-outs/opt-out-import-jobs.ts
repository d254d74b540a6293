/**
 * Opt-out imports of any size, as background jobs: the upload is stored in
 * the database as it arrives, the answer (202) names the job, and a runner
 * works through the rows in large transactions, each committing its rows
 * together with the job's progress. Same rules per row as the small
 * synchronous import (importOptOutsCsv): bad numbers skipped with an error
 * naming the row and line, numbers repeated or already opted out skipped,
 * nobody opted in.
 */
import { Readable } from 'node:stream';
import { serializeChannel } from '../../domain/consent-ledger.js';
import { AppError } from '../../domain/errors.js';
import {
  appendImportChunk,
  deleteImportChunks,
  findImportChunk,
  findImportJob,
  finishImportJob,
  insertImportJob,
  listImportJobs,
  setImportJobStatus,
} from '../../storage/repositories/opt-out-imports.repository.js';
import type { Executor } from '../../storage/executor.js';
import type { Page } from '../../storage/pagination.js';
import type { OptOutImportJobRow } from '../../storage/schema.js';
import { channelOf, type AppDeps, type Principal } from '../context.js';
import { MAX_IMPORT_RECORD_CHARS, readCsvRecords, readImportHeader } from './opt-out-csv.js';

/** The upload is stored in pieces of this size: a piece is one row, so a 40 MB file is about 40 inserts. */
export const IMPORT_CHUNK_BYTES = 1024 * 1024;

export interface ImportJobError {
  /** The record's number, the header being row 1 (as the synchronous import counts). */
  row: number;
  /** The line of the file the record ends on. */
  line: number;
  value: string;
  error: string;
}

export interface ImportJob {
  id: string;
  /** running (an upload still arriving counts as running), completed or failed. */
  status: 'running' | 'completed' | 'failed';
  fileName: string | null;
  bytes: number;
  processed: number;
  imported: number;
  skipped: number;
  errorCount: number;
  errors: ImportJobError[];
  failure: string | null;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

/** Starts and resumes import jobs; the runtime's runner. */
export interface ImportJobLauncher {
  /** The instance's id, written as the job's holder while the upload arrives. */
  readonly instanceId: string;
  /** Runs a job whose upload is complete, in the background. */
  launch(jobId: string): void;
}

export function toImportJob(row: OptOutImportJobRow): ImportJob {
  return {
    id: row.id,
    status: row.status === 'receiving' ? 'running' : row.status,
    fileName: row.file_name,
    bytes: Number(row.bytes),
    processed: row.processed,
    imported: row.imported,
    skipped: row.skipped,
    errorCount: row.error_count,
    errors: JSON.parse(row.errors) as ImportJobError[],
    failure: row.failure,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
  };
}

export interface ImportUpload {
  body: Readable;
  /** Bytes accepted before the upload is refused (413). */
  maxBytes: number;
  fileName?: string | null;
}

/**
 * Stores an uploaded CSV as a new job and hands it to the runner; answers
 * the job as it stands (status "running", nothing processed yet). A CSV
 * without a header naming a phone column, or an empty one, is refused here
 * (400) and leaves no job behind; an upload over `maxBytes` is refused (413).
 */
export async function startOptOutImport(deps: AppDeps, launcher: ImportJobLauncher, principal: Principal, upload: ImportUpload): Promise<ImportJob> {
  const now = deps.clock().toISOString();
  const id = deps.newId();
  await insertImportJob(deps.db, {
    id,
    organization_id: principal.organizationId,
    actor_user_id: principal.userId,
    channel: serializeChannel(channelOf(principal)),
    file_name: upload.fileName?.slice(0, 200) || null,
    status: 'receiving',
    bytes: 0,
    processed: 0,
    imported: 0,
    skipped: 0,
    error_count: 0,
    errors: '[]',
    failure: null,
    claimed_by: launcher.instanceId,
    heartbeat_at: now,
    created_at: now,
    updated_at: now,
    finished_at: null,
  });
  let bytes = 0;
  try {
    bytes = await storeUpload(deps, id, upload);
    await checkHeader(deps.db, id);
  } catch (error) {
    // Refused or cut off: nothing of it is kept, and no job stays "receiving".
    await deleteImportChunks(deps.db, id).catch(() => undefined);
    await deps.db.deleteFrom('opt_out_import_jobs').where('id', '=', id).execute().catch(() => undefined);
    throw error;
  }
  await setImportJobStatus(deps.db, id, 'running', deps.clock().toISOString(), bytes);
  // Read before it starts: the answer is the job as accepted, even when a small file finishes first.
  const job = await findImportJob(deps.db, principal.organizationId, id);
  launcher.launch(id);
  return toImportJob(job!);
}

async function storeUpload(deps: AppDeps, jobId: string, upload: ImportUpload): Promise<number> {
  let bytes = 0;
  let seq = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = async () => {
    if (pendingBytes === 0) return;
    const data = Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    await appendImportChunk(deps.db, jobId, seq, data);
    seq += 1;
  };
  for await (const chunk of upload.body as AsyncIterable<Buffer | string>) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    bytes += buffer.length;
    if (bytes > upload.maxBytes) {
      throw new AppError('payload_too_large', `Import at most ${Math.floor(upload.maxBytes / (1024 * 1024))} MB at a time.`);
    }
    pending.push(buffer);
    pendingBytes += buffer.length;
    // Written while the rest arrives: the request's memory stays at about one piece.
    if (pendingBytes >= IMPORT_CHUNK_BYTES) await flush();
  }
  await flush();
  if (bytes === 0) throw new AppError('invalid_request', 'The CSV is empty; it needs a header row with a "phone" column.');
  return bytes;
}

/** The stored CSV, read back a piece at a time. */
export function readStoredUpload(db: Executor, jobId: string): Readable {
  return Readable.from(
    (async function* () {
      for (let seq = 0; ; seq += 1) {
        const data = await findImportChunk(db, jobId, seq);
        if (data === null) return;
        yield data;
      }
    })(),
  );
}

/** Reads the header row only (a malformed row further down fails the job later, at its line). */
async function checkHeader(db: Executor, jobId: string): Promise<void> {
  const first = await findImportChunk(db, jobId, 0);
  const text = first === null ? '' : first.subarray(0, MAX_IMPORT_RECORD_CHARS).toString('utf8');
  const end = text.indexOf('\n');
  for await (const { record } of readCsvRecords(end >= 0 ? text.slice(0, end + 1) : text, Number.POSITIVE_INFINITY)) {
    readImportHeader(record);
    return;
  }
  throw new AppError('invalid_request', 'The CSV is empty; it needs a header row with a "phone" column.');
}

export async function getOptOutImport(deps: AppDeps, principal: Principal, id: string): Promise<ImportJob> {
  const row = await findImportJob(deps.db, principal.organizationId, id);
  if (!row) throw new AppError('not_found', 'No such import.');
  return toImportJob(row);
}

export async function listOptOutImports(deps: AppDeps, principal: Principal, options: { limit: number; cursor: string | null }): Promise<Page<ImportJob>> {
  const page = await listImportJobs(deps.db, principal.organizationId, options.limit, options.cursor);
  return { items: page.items.map(toImportJob), nextCursor: page.nextCursor };
}

/** Fails a job for good, telling why; used by the runner. */
export async function failImportJob(db: Executor, jobId: string, claimedBy: string | null, now: string, failure: string): Promise<void> {
  await finishImportJob(db, jobId, claimedBy, 'failed', now, failure);
  await deleteImportChunks(db, jobId);
}
