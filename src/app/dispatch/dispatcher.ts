/**
 * The dispatcher's loop: when to run a pass (start, stop, wake, the poll
 * timer) and what one pass does — settle dead claims, queue due sequence
 * steps, then claim due texts and calls and dispatch each (dispatch-one.ts).
 */
import { claimDueCalls } from '../../storage/repositories/calls.repository.js';
import { claimDueMessages } from '../../storage/repositories/messages.repository.js';
import type { AppDeps } from '../context.js';
import { PollingWorker } from '../polling-worker.js';
import { runDueSequenceSteps } from '../sequences/run-due-sequence-steps.js';
import { CALL_DISPATCH, dispatchOne, MESSAGE_DISPATCH, type DispatchPolicy, type DispatchTally } from './dispatch-one.js';
import { reconcileStaleSends } from './reconcile-stale.js';

export type { DispatchTally } from './dispatch-one.js';

export interface DispatcherOptions {
  /** Identifies this instance's claims; any unique string. */
  instanceId: string;
  intervalMs: number;
  batchSize?: number;
  /** A claim older than this belongs to a dead instance and may be taken over. */
  leaseMs?: number;
  maxAttempts?: number;
  concurrency?: number;
  /** Base of the exponential retry backoff. */
  retryBaseMs?: number;
}

/**
 * Hands due messages and calls to their providers. Rows are claimed in the
 * database (SKIP LOCKED on PostgreSQL), so any number of instances can run
 * one each; consent is checked again under the number's lock immediately
 * before every provider call, and each send is marked "sending" (attempted)
 * before the call and reconciled after it.
 */
export class Dispatcher extends PollingWorker {
  private readonly options: Required<DispatcherOptions>;
  private readonly policy: DispatchPolicy;

  constructor(private readonly deps: AppDeps, options: DispatcherOptions) {
    super({ intervalMs: options.intervalMs, logger: deps.logger, failureMessage: 'dispatcher pass failed; will retry' });
    this.options = { batchSize: 50, leaseMs: 60_000, maxAttempts: 5, concurrency: 4, retryBaseMs: 2_000, ...options };
    this.policy = { instanceId: this.options.instanceId, maxAttempts: this.options.maxAttempts, retryBaseMs: this.options.retryBaseMs };
  }

  /** One pass: reconcile dead claims, then send everything due. Returns what happened. */
  async runOnce(): Promise<DispatchTally> {
    const tally: DispatchTally = { sent: 0, canceled: 0, failed: 0, retried: 0, steps: 0, held: 0 };
    await reconcileStaleSends(this.deps, new Date(this.deps.clock().getTime() - this.options.leaseMs).toISOString());
    // Due sequence steps become queued messages and calls, which the loop below sends in this same pass.
    const steps = await runDueSequenceSteps(this.deps, { instanceId: this.options.instanceId, leaseMs: this.options.leaseMs, batchSize: this.options.batchSize });
    tally.steps = steps.ran + steps.completed;
    for (;;) {
      const now = this.deps.clock();
      const staleBefore = new Date(now.getTime() - this.options.leaseMs).toISOString();
      const messageIds = await claimDueMessages(this.deps.db, this.options.instanceId, now.toISOString(), staleBefore, this.options.batchSize);
      const callIds = await claimDueCalls(this.deps.db, this.options.instanceId, now.toISOString(), staleBefore, this.options.batchSize);
      if (messageIds.length === 0 && callIds.length === 0) return tally;
      await runWithConcurrency(messageIds, this.options.concurrency, (id) => dispatchOne(this.deps, this.policy, MESSAGE_DISPATCH, id, tally));
      await runWithConcurrency(callIds, this.options.concurrency, (id) => dispatchOne(this.deps, this.policy, CALL_DISPATCH, id, tally));
      if (this.stopping) return tally;
    }
  }
}

async function runWithConcurrency<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await work(item);
    }
  });
  await Promise.all(workers);
}
