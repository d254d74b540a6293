import { CompiledQuery } from 'kysely';
import type { Db } from './database.js';
import type { Trx } from './executor.js';

/**
 * Group commit: concurrent units of work share one database transaction, so
 * one durable COMMIT (one fsync) acknowledges all of them.
 *
 * - The first item of a batch starts at once; items that arrive while it runs
 *   join the same transaction, up to `maxBatchSize`. Before COMMIT the batch
 *   lets the event loop take one turn so that requests already received can
 *   join (SQLite's statements are synchronous: nothing else runs otherwise).
 *   An idle server waits for nothing.
 * - Items run one after another on the batch's connection (a connection runs
 *   one statement at a time), each inside its own SAVEPOINT, so an item that
 *   throws rolls back only its own writes and the rest of the batch goes on.
 * - Every item's promise settles only after the transaction has ended:
 *   success only once the COMMIT holding its writes has returned, failure
 *   once the batch is over, so a caller that reacts to an error (e.g. a unique
 *   violation from a replayed webhook) sees the committed work of the others.
 * - A failed COMMIT rejects every item of the batch (its outcome is unknown,
 *   so nothing is retried).
 * - An item that loses a deadlock or serialization conflict against another
 *   transaction is rolled back to its savepoint and tried again in a later
 *   batch (after this one has committed and released its locks); the others
 *   are not affected.
 * - On PostgreSQL several batches may be open at once, each on its own
 *   pooled connection; SQLite has one writer, so batches follow each other.
 *
 * Work functions must not open another `transact` inside (it would wait for
 * the batch it runs in) and must not keep using `trx` after they return.
 */
export interface GroupCommitOptions {
  /** Most items in one transaction. Kept under PostgreSQL's 64 cached subtransactions. */
  maxBatchSize?: number;
  /** Most transactions open at once, each on its own connection. */
  maxConcurrentBatches?: number;
  /** How many times an item is tried when it keeps losing lock conflicts. */
  maxAttempts?: number;
  /** Errors worth another try in a later batch (default: deadlock, serialization failure, SQLite busy). */
  isRetryable?: (error: unknown) => boolean;
  /** Told the number of items each batch settled (metrics). */
  onBatch?: (size: number) => void;
}

export interface GroupCommitStats {
  batches: number;
  items: number;
  retries: number;
  largestBatch: number;
}

export interface GroupCommitter {
  transact<T>(work: (trx: Trx) => Promise<T>): Promise<T>;
  readonly stats: GroupCommitStats;
}

/**
 * Work a repository asks to run once per batch, just before COMMIT, with the
 * values every surviving item gave it in the order they ran — e.g. appending
 * all of a batch's consent events to the ledger under one lock.
 */
export interface DeferredTask<V> {
  readonly name: string;
  run(trx: Trx, values: V[]): Promise<void>;
}

interface Item {
  work: (trx: Trx) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  attempts: number;
}

type Outcome = { item: Item; ok: true; value: unknown } | { item: Item; ok: false; error: unknown };

interface BatchState {
  deferred: { task: DeferredTask<unknown>; value: unknown }[];
}

const batches = new WeakMap<Trx, BatchState>();

/**
 * Queues `value` for `task` if `trx` is a group-commit batch and answers
 * true; answers false otherwise, and the caller does the work itself, now.
 * Values an item queued are dropped when that item rolls back.
 */
export function deferUntilCommit<V>(trx: Trx, task: DeferredTask<V>, value: V): boolean {
  const batch = batches.get(trx);
  if (!batch) return false;
  batch.deferred.push({ task: task as DeferredTask<unknown>, value });
  return true;
}

const SAVEPOINT = CompiledQuery.raw('savepoint group_commit_item');
const RELEASE = CompiledQuery.raw('release savepoint group_commit_item');
const ROLLBACK_TO = CompiledQuery.raw('rollback to savepoint group_commit_item');

/** PostgreSQL deadlock_detected / serialization_failure, SQLite busy: another transaction got in the way. */
export function isTransientConflict(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code } = error as { code?: unknown };
  return code === '40P01' || code === '40001' || code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT';
}

/** Thrown inside the batch's transaction callback to roll the whole transaction back. */
class RollBackBatch extends Error {
  constructor() {
    super('group commit: rolling the batch back');
  }
}

export function createGroupCommitter(db: Db, options: GroupCommitOptions = {}): GroupCommitter {
  const maxBatchSize = options.maxBatchSize ?? 48;
  const maxConcurrent = options.maxConcurrentBatches ?? 1;
  const maxAttempts = options.maxAttempts ?? 5;
  const isRetryable = options.isRetryable ?? isTransientConflict;
  const stats: GroupCommitStats = { batches: 0, items: 0, retries: 0, largestBatch: 0 };
  const queue: Item[] = [];
  let open = 0; // batches whose transaction is open
  let accepting = 0; // batches that still take new items

  function pump(): void {
    while (queue.length > 0 && accepting === 0 && open < maxConcurrent) {
      open += 1;
      accepting += 1;
      void runBatch().finally(() => {
        open -= 1;
        pump();
      });
    }
  }

  async function runBatch(): Promise<void> {
    /** Items that ran, with their result or their own error. */
    const done: Outcome[] = [];
    /** Items to run again in a later batch. */
    const retry: Item[] = [];
    const retryLater = (item: Item, error: unknown) => {
      item.attempts += 1;
      if (item.attempts < maxAttempts) {
        stats.retries += 1;
        retry.push(item);
      } else {
        done.push({ item, ok: false, error });
      }
    };
    const state: BatchState = { deferred: [] };
    let stillAccepting = true;
    const stopAccepting = () => {
      if (!stillAccepting) return;
      stillAccepting = false;
      accepting -= 1;
      pump();
    };
    let begun = false;
    let committing = false;
    /** Why the transaction is being rolled back as a whole; null: the first item failed on its own. */
    let abort: { reason: unknown } | null = null;
    /** The item taken from the queue whose fate is not recorded yet. */
    let current: Item | undefined;
    const breakBatch = (reason: unknown): never => {
      abort = { reason };
      throw new RollBackBatch();
    };

    try {
      await db.transaction().execute(async (trx) => {
        begun = true;
        batches.set(trx, state);
        for (;;) {
          const taken = done.length + retry.length;
          if (taken >= maxBatchSize) break;
          let item = queue.shift();
          if (!item && taken > 0) {
            // Before committing, let the event loop take one turn: requests that arrived meanwhile
            // join this batch. (With SQLite every statement is synchronous, so this turn is the only
            // moment anything else can run while the batch is open.) When idle this costs microseconds.
            await new Promise<void>((resolve) => setImmediate(resolve));
            item = queue.shift();
          }
          if (!item) break;
          current = item;
          if (taken + 1 >= maxBatchSize) stopAccepting();
          // The first item needs no savepoint: if it fails, nothing else is in the transaction yet.
          const first = taken === 0;
          const mark = state.deferred.length;
          if (!first) await trx.executeQuery(SAVEPOINT).catch(breakBatch);
          let outcome: Outcome;
          try {
            outcome = { item, ok: true, value: await item.work(trx) };
          } catch (error) {
            outcome = { item, ok: false, error };
          }
          current = undefined;
          if (outcome.ok) {
            if (!first) {
              await trx.executeQuery(RELEASE).catch((error: unknown) => {
                // The item left its savepoint unusable (a swallowed database error): it failed.
                done.push({ item, ok: false, error });
                return breakBatch(error);
              });
            }
            done.push(outcome);
            continue;
          }
          state.deferred.length = mark;
          if (isRetryable(outcome.error)) retryLater(item, outcome.error);
          else done.push(outcome);
          if (first) {
            abort = { reason: null };
            throw new RollBackBatch();
          }
          await trx.executeQuery(ROLLBACK_TO).catch(breakBatch);
          await trx.executeQuery(RELEASE).catch(breakBatch);
        }
        stopAccepting();
        await runDeferred(trx, state).catch(breakBatch);
        committing = true;
      });
    } catch (error) {
      stopAccepting();
      if (!begun) {
        // No transaction could be opened (the database is unreachable): fail what is waiting,
        // as each item's own transaction would have, instead of trying forever.
        for (const item of queue.splice(0, maxBatchSize)) item.reject(error);
        return;
      }
      if (committing) {
        // COMMIT failed: whether it reached the disk is unknown, so every item learns of it and nothing is retried.
        for (let i = 0; i < done.length; i += 1) if (done[i]!.ok) done[i] = { item: done[i]!.item, ok: false, error };
      } else {
        const reason = (abort as { reason: unknown } | null)?.reason ?? null;
        // Rolled back before COMMIT: nothing of this batch was written. Items that had succeeded, and
        // one that never got to run, are not at fault and run again in a later batch.
        if (current) retryLater(current, reason ?? error);
        if (reason !== null) {
          for (const o of done.splice(0)) {
            if (o.ok) retryLater(o.item, reason);
            else done.push(o);
          }
        }
      }
    } finally {
      stats.batches += 1;
      stats.items += done.length;
      stats.largestBatch = Math.max(stats.largestBatch, done.length + retry.length);
      options.onBatch?.(done.length);
    }
    settle(done);
    // Ahead of newer work; they run in the next batch, after this one released its locks.
    if (retry.length > 0) queue.unshift(...retry);
  }

  return {
    stats,
    transact<T>(work: (trx: Trx) => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ work, resolve: resolve as (value: unknown) => void, reject, attempts: 0 });
        pump();
      });
    },
  };
}

async function runDeferred(trx: Trx, state: BatchState): Promise<void> {
  const byTask = new Map<DeferredTask<unknown>, unknown[]>();
  for (const { task, value } of state.deferred) {
    const values = byTask.get(task);
    if (values) values.push(value);
    else byTask.set(task, [value]);
  }
  for (const [task, values] of byTask) await task.run(trx, values);
}

function settle(outcomes: Outcome[]): void {
  for (const outcome of outcomes) {
    if (outcome.ok) outcome.item.resolve(outcome.value);
    else outcome.item.reject(outcome.error);
  }
}
