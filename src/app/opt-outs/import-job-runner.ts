/**
 * Runs opt-out import jobs in the background, and resumes those a stopped or
 * crashed instance left: a job is held under a lease renewed with every
 * batch, so a job whose holder went away is taken over once its lease runs
 * out, and one released by a clean shutdown at once. A job always ends
 * "completed" or "failed" with its reason; it never stops half-way silently.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { AppError } from '../../domain/errors.js';
import { parseChannel } from '../../domain/consent-ledger.js';
import { tryNormalizePhone } from '../../domain/phone.js';
import {
  claimImportJob,
  findImportJobById,
  finishImportJob,
  listOrphanedImportJobs,
  recordImportProgress,
  releaseImportJob,
  renewImportJobLease,
  deleteImportChunks,
} from '../../storage/repositories/opt-out-imports.repository.js';
import type { OptOutImportJobRow } from '../../storage/schema.js';
import { recordImportedOptOuts, type ImportedOptOut } from '../consent/record-imported-opt-outs.js';
import type { AppDeps } from '../context.js';
import { loadOrganization } from '../organization.js';
import { breather, MAX_LISTED_ERRORS, readCsvRecords, readImportHeader, readImportRow, rowError, type ImportColumns } from './opt-out-csv.js';
import { failImportJob, readStoredUpload, type ImportJobError, type ImportJobLauncher } from './opt-out-import-jobs.js';

export interface ImportJobRunnerOptions {
  instanceId: string;
  /** How long a holder may go without a batch before another instance takes its job over. */
  leaseMs?: number;
  /** Rows per transaction. */
  batchRows?: number;
}

/**
 * Rows per transaction. On SQLite a batch holds the one writer, and the event loop, while it runs: the
 * cost is per row (the statements are multi-row, so a transaction's fixed cost — COMMIT and its fsync, the
 * ledger head — is shared by 2,000 rows), so smaller batches cost little and keep /healthz answering
 * within a batch's time.
 */
export const DEFAULT_IMPORT_BATCH_ROWS = 2000;
export const DEFAULT_IMPORT_LEASE_MS = 60_000;

class LostJob extends Error {
  constructor() {
    super('The import job was taken over by another instance.');
  }
}

export class ImportJobRunner implements ImportJobLauncher {
  readonly instanceId: string;
  private readonly leaseMs: number;
  private readonly batchRows: number;
  private readonly running = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private stopping = false;

  constructor(private readonly deps: AppDeps, options: ImportJobRunnerOptions) {
    this.instanceId = options.instanceId;
    this.leaseMs = options.leaseMs ?? DEFAULT_IMPORT_LEASE_MS;
    this.batchRows = options.batchRows ?? DEFAULT_IMPORT_BATCH_ROWS;
  }

  /** Takes up the jobs nobody is running now, and looks again every half lease. */
  start(): void {
    this.stopping = false;
    void this.adoptOrphans();
    this.timer = setInterval(() => void this.adoptOrphans(), Math.max(1000, this.leaseMs / 2));
    this.timer.unref();
  }

  /** Finishes the batch in hand of every running job and lets the jobs go, for the next instance to resume. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await Promise.allSettled([...this.running.values()]);
  }

  launch(jobId: string): void {
    if (this.stopping || this.running.has(jobId)) return;
    const run = this.run(jobId)
      .catch((error: unknown) => this.deps.logger.error({ err: error, jobId }, 'opt-out import job: unexpected failure'))
      .finally(() => this.running.delete(jobId));
    this.running.set(jobId, run);
  }

  /** Resolves once every job this instance is running has ended or let go (tests, benchmarks). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()]);
  }

  private async adoptOrphans(): Promise<void> {
    if (this.stopping) return;
    try {
      const now = this.deps.clock();
      const staleBefore = new Date(now.getTime() - this.leaseMs).toISOString();
      for (const job of await listOrphanedImportJobs(this.deps.db, staleBefore)) {
        if (this.running.has(job.id)) continue;
        if (job.status === 'receiving') {
          // The upload was cut off with its instance: the file is incomplete, so nothing of it can be imported.
          await failImportJob(this.deps.db, job.id, null, now.toISOString(), 'The server restarted before the whole file had arrived; nothing was imported. Upload the file again.');
          continue;
        }
        this.launch(job.id);
      }
    } catch (error) {
      this.deps.logger.warn({ err: error }, 'opt-out import jobs: could not look for jobs to resume');
    }
  }

  private async run(jobId: string): Promise<void> {
    const { deps } = this;
    const now = () => deps.clock().toISOString();
    const staleBefore = new Date(deps.clock().getTime() - this.leaseMs).toISOString();
    if (!(await claimImportJob(deps.db, jobId, this.instanceId, now(), staleBefore))) return;
    const job = await findImportJobById(deps.db, jobId);
    if (!job) return;
    try {
      const outcome = await this.process(job);
      if (outcome === 'stopped') {
        await releaseImportJob(deps.db, jobId, this.instanceId, now());
        return;
      }
      await finishImportJob(deps.db, jobId, this.instanceId, 'completed', now(), null);
      await deleteImportChunks(deps.db, jobId);
      deps.logger.info({ jobId }, 'opt-out import job completed');
    } catch (error) {
      if (error instanceof LostJob) return;
      const reason = error instanceof AppError ? error.message : 'The import stopped on an unexpected error; the rows counted as processed were imported.';
      if (!(error instanceof AppError)) deps.logger.error({ err: error, jobId }, 'opt-out import job failed');
      await failImportJob(deps.db, jobId, this.instanceId, now(), reason).catch((failError: unknown) =>
        deps.logger.error({ err: failError, jobId }, 'opt-out import job: could not record its failure'),
      );
    }
  }

  /** Works through the job's rows after those already done; 'stopped' when the runner is stopping. */
  private async process(job: OptOutImportJobRow): Promise<'done' | 'stopped'> {
    const { deps } = this;
    const { organization } = await loadOrganization(deps.db, job.organization_id);
    const channel = parseChannel(job.channel) ?? { kind: 'app' as const };
    const context = { organizationId: job.organization_id, actorUserId: job.actor_user_id, channel };
    const progress = { processed: job.processed, imported: job.imported, skipped: job.skipped, errorCount: job.error_count, errors: JSON.parse(job.errors) as ImportJobError[] };

    let batch: ImportedOptOut[] = [];
    let inBatch = new Set<string>();
    let batchRows = 0;
    let batchErrors: ImportJobError[] = [];
    let batchErrorCount = 0;
    const flush = async () => {
      if (batchRows === 0) return;
      const rows = batch;
      const errors = [...progress.errors, ...batchErrors].slice(0, MAX_LISTED_ERRORS);
      const next = { processed: progress.processed + batchRows, errorCount: progress.errorCount + batchErrorCount };
      const count = batchRows;
      const imported = await deps.transact(async (trx) => {
        const changed = await recordImportedOptOuts(trx, deps, context, rows);
        const kept = await recordImportProgress(trx, job.id, this.instanceId, {
          processed: next.processed,
          imported: progress.imported + changed,
          skipped: progress.skipped + count - changed,
          errorCount: next.errorCount,
          errors: JSON.stringify(errors),
        }, deps.clock().toISOString());
        if (!kept) throw new LostJob();
        return changed;
      });
      for (let i = 0; i < imported; i += 1) deps.metrics.consentChanged('opted_out', 'import');
      progress.processed = next.processed;
      progress.errorCount = next.errorCount;
      progress.imported += imported;
      progress.skipped += count - imported;
      progress.errors = errors;
      batch = [];
      inBatch = new Set();
      batchRows = 0;
      batchErrors = [];
      batchErrorCount = 0;
      // Requests waiting since the batch began go first (SQLite's driver ran it without yielding).
      await yieldToEventLoop();
    };

    let columns: ImportColumns | null = null;
    let rowNumber = 0;
    let lastRenewal = performance.now();
    const breathe = breather();
    const source = readStoredUpload(deps.db, job.id);
    try {
    for await (const { record, line } of readCsvRecords(source, Number.POSITIVE_INFINITY)) {
      rowNumber += 1;
      if (columns === null) {
        columns = readImportHeader(record);
        continue;
      }
      // Rows before this point were committed by an earlier run of the job: read past them.
      if (rowNumber - 1 <= job.processed) {
        if (performance.now() - lastRenewal > this.leaseMs / 4) {
          await renewImportJobLease(deps.db, job.id, this.instanceId, deps.clock().toISOString());
          lastRenewal = performance.now();
        }
        continue;
      }
      const { value, reason } = readImportRow(record, columns);
      batchRows += 1;
      const phone = value ? tryNormalizePhone(value, organization.default_country) : null;
      if (phone === null) {
        batchErrorCount += 1;
        if (progress.errors.length + batchErrors.length < MAX_LISTED_ERRORS) batchErrors.push({ row: rowNumber, line, value: value.slice(0, 60), error: rowError(value) });
      } else if (!inBatch.has(phone)) {
        // A number repeated in an earlier batch is found opted out by then, and skipped like this one.
        inBatch.add(phone);
        batch.push({ phone, reason: reason ?? 'Imported opt-out list' });
      }
      if (batchRows >= this.batchRows) {
        await flush();
        lastRenewal = performance.now();
        if (this.stopping) return 'stopped';
      }
      await breathe();
    }
    } finally {
      // Stopped early (a shutdown, a malformed row): the rest of the file is not read back.
      source.destroy();
    }
    if (columns === null) throw new AppError('invalid_request', 'The CSV is empty; it needs a header row with a "phone" column.');
    await flush();
    return 'done';
  }
}
