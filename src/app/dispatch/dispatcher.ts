import { ProviderError, type MessagingProvider, type PreparedSend } from '../../providers/provider.js';
import type { Executor, Trx } from '../../storage/executor.js';
import { claimDueCalls, findStaleSendingCalls, lockCall, updateCall } from '../../storage/repositories/calls.repository.js';
import { lockPhoneConsent } from '../../storage/repositories/consent.repository.js';
import { claimDueMessages, findStaleSendingMessages, lockMessage, updateMessage } from '../../storage/repositories/messages.repository.js';
import type { CallRow, MessageRow } from '../../storage/schema.js';
import { recordOptOut } from '../consent/record-consent-change.js';
import type { AppDeps } from '../context.js';
import { runDueSequenceSteps } from '../sequences/run-due-sequence-steps.js';

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

export interface DispatchTally {
  sent: number;
  canceled: number;
  failed: number;
  retried: number;
  /** Sequence steps queued this pass (their texts and calls are counted above once sent). */
  steps: number;
  /** Sends put back because a reply from the number awaits review. */
  held: number;
}

/** The only text an opted-out number may receive: the confirmation of its opt-out. */
const ALLOWED_AFTER_OPT_OUT = new Set(['reply_opt_out']);
/** Answers to the person's own text (HELP, opt-in, opt-out confirmations) go out even while another reply awaits review. */
const AUTOMATIC_REPLIES = new Set(['reply_opt_out', 'reply_opt_in', 'reply_help']);
/** How long a send to a number awaiting review waits before it is looked at again. */
const REVIEW_HOLD_MS = 10 * 60 * 1000;

/**
 * Hands due messages and calls to their providers. Rows are claimed in the
 * database (SKIP LOCKED on PostgreSQL), so any number of instances can run
 * one each; consent is checked again under the number's lock immediately
 * before every provider call, and each send is marked "sending" (attempted)
 * before the call and reconciled after it.
 */
export class Dispatcher {
  private readonly options: Required<DispatcherOptions>;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private wakeRequested = false;
  private stopped = true;

  constructor(private readonly deps: AppDeps, options: DispatcherOptions) {
    this.options = { batchSize: 50, leaseMs: 60_000, maxAttempts: 5, concurrency: 4, retryBaseMs: 2_000, ...options };
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops polling and waits for the dispatch in progress to finish its provider calls. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Asks for a pass soon (new work was queued). Cheap and safe to call often. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.wakeRequested = true;
      return;
    }
    this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delayMs);
    this.timer.unref?.();
  }

  private async tick(): Promise<void> {
    this.timer = null;
    if (this.running || this.stopped) return;
    this.running = this.runOnce()
      .then(() => undefined)
      .catch((error: unknown) => this.deps.logger.error({ err: error }, 'dispatcher pass failed; will retry'))
      .finally(() => {
        this.running = null;
        const again = this.wakeRequested;
        this.wakeRequested = false;
        this.schedule(again ? 0 : this.options.intervalMs);
      });
    await this.running;
  }

  /** One pass: reconcile dead claims, then send everything due. Returns what happened. */
  async runOnce(): Promise<DispatchTally> {
    const tally: DispatchTally = { sent: 0, canceled: 0, failed: 0, retried: 0, steps: 0, held: 0 };
    await this.reconcileStale();
    // Due sequence steps become queued messages and calls, which the loop below sends in this same pass.
    const steps = await runDueSequenceSteps(this.deps, { instanceId: this.options.instanceId, leaseMs: this.options.leaseMs, batchSize: this.options.batchSize });
    tally.steps = steps.ran + steps.completed;
    for (;;) {
      const now = this.deps.clock();
      const staleBefore = new Date(now.getTime() - this.options.leaseMs).toISOString();
      const messageIds = await claimDueMessages(this.deps.db, this.options.instanceId, now.toISOString(), staleBefore, this.options.batchSize);
      const callIds = await claimDueCalls(this.deps.db, this.options.instanceId, now.toISOString(), staleBefore, this.options.batchSize);
      if (messageIds.length === 0 && callIds.length === 0) return tally;
      await runWithConcurrency(messageIds, this.options.concurrency, (id) => this.dispatchMessage(id, tally));
      await runWithConcurrency(callIds, this.options.concurrency, (id) => this.dispatchCall(id, tally));
      if (this.stopped) return tally;
    }
  }

  private dispatchMessage(id: string, tally: DispatchTally): Promise<void> {
    return this.dispatchOne(MESSAGE_DISPATCH, id, tally);
  }

  private dispatchCall(id: string, tally: DispatchTally): Promise<void> {
    return this.dispatchOne(CALL_DISPATCH, id, tally);
  }

  /**
   * One send: let the provider get ready (credentials, looking up an earlier
   * try), then take the number's lock and check consent one last time,
   * mark the send attempted, and only then hand it over. The gap between
   * that check and the provider request is the whole grace window.
   */
  private async dispatchOne<Row extends MessageRow | CallRow, Result>(kind: DispatchKind<Row, Result>, id: string, tally: DispatchTally): Promise<void> {
    const { deps } = this;
    const row = await kind.find(deps.db, id);
    if (!row || !kind.pendingStatuses.includes(row.status) || row.claimed_by !== this.options.instanceId || !row.to_number) return;
    const attempt = row.attempts + 1;
    let prepared: PreparedSend<Result>;
    try {
      prepared = await kind.prepare(this.providerFor(row.provider), row, attempt);
    } catch (error) {
      await this.handleFailure(kind.name, row, attempt, error, tally);
      return;
    }

    const go = await deps.transact(async (trx) => {
      // Number first, then the row: the same order an opt-out takes its locks in.
      const consent = await lockPhoneConsent(trx, row.organization_id, row.to_number!);
      const current = await kind.lock(trx, id);
      if (!current || !kind.pendingStatuses.includes(current.status) || current.claimed_by !== this.options.instanceId || current.attempts !== row.attempts) return false;
      const now = deps.clock().toISOString();
      if ('alreadySent' in prepared) {
        await kind.update(trx, id, { ...kind.succeeded(prepared.alreadySent, now), attempts: attempt });
        tally.sent += 1;
        return false;
      }
      if (consent.opted_out === 1 && !ALLOWED_AFTER_OPT_OUT.has(current.purpose)) {
        await kind.update(trx, id, { status: 'canceled', error_code: 'contact_opted_out', error_message: 'The number opted out before this was sent.', updated_at: now });
        tally.canceled += 1;
        return false;
      }
      if (consent.review_pending === 1 && !AUTOMATIC_REPLIES.has(current.purpose)) {
        // A reply from the number awaits review: hold the send, don't cancel it — "not a revocation" releases it.
        await kind.update(trx, id, { next_attempt_at: new Date(Date.parse(now) + REVIEW_HOLD_MS).toISOString(), claimed_at: null, claimed_by: null, updated_at: now });
        tally.held += 1;
        return false;
      }
      await kind.update(trx, id, { status: 'sending', attempts: attempt, claimed_at: now, updated_at: now });
      return true;
    });
    if (!go || 'alreadySent' in prepared) return;

    try {
      const result = await prepared.send();
      // Through transact, so a burst of sends shares commits (group commit) instead of one fsync each.
      await deps.transact((trx) => kind.update(trx, id, kind.succeeded(result, deps.clock().toISOString())));
      tally.sent += 1;
    } catch (error) {
      await this.handleFailure(kind.name, row, attempt, error, tally);
    }
  }

  private async handleFailure(kind: 'message' | 'call', row: MessageRow | CallRow, attempts: number, error: unknown, tally: DispatchTally): Promise<void> {
    const { deps } = this;
    const failure = error instanceof ProviderError ? error : new ProviderError('transient', null, error instanceof Error ? error.message : String(error));
    const now = deps.clock();
    const nowText = now.toISOString();
    const update = kind === 'message' ? (changes: Parameters<typeof updateMessage>[2]) => updateMessage(deps.db, row.id, changes) : (changes: Parameters<typeof updateCall>[2]) => updateCall(deps.db, row.id, changes);
    deps.logger.warn({ kind, id: row.id, provider: row.provider, failure: failure.kind, code: failure.providerCode, err: failure.message }, 'provider refused a send');

    if (failure.kind === 'unsubscribed') {
      await deps.transact(async (trx) => {
        await recordOptOut(trx, deps, {
          organizationId: row.organization_id,
          phone: row.to_number!,
          source: 'provider',
          keyword: null,
          rule: failure.providerCode ? `provider.${failure.providerCode}` : 'provider.unsubscribed',
          reason: `The provider reported the recipient unsubscribed${failure.providerCode ? ` (code ${failure.providerCode})` : ''}.`,
        });
        const changes = { status: 'failed' as const, attempts, error_code: failure.providerCode, error_message: failure.message, claimed_by: null, updated_at: nowText };
        if (kind === 'message') await updateMessage(trx, row.id, changes);
        else await updateCall(trx, row.id, changes);
      });
      tally.failed += 1;
      return;
    }
    if (failure.kind === 'transient' && attempts < this.options.maxAttempts) {
      const delay = failure.retryAfterMs ?? backoffWithJitter(this.options.retryBaseMs, attempts);
      await update({ status: 'queued', attempts, next_attempt_at: new Date(now.getTime() + delay).toISOString(), claimed_at: null, claimed_by: null, error_code: failure.providerCode, error_message: failure.message, updated_at: nowText });
      tally.retried += 1;
      return;
    }
    await update({ status: 'failed', attempts, error_code: failure.providerCode, error_message: failure.message, claimed_by: null, updated_at: nowText });
    tally.failed += 1;
  }

  /**
   * Rows left "sending" by an instance that died between marking the attempt
   * and recording the provider's answer. Without a way to ask the provider,
   * sending again could text the person twice, so they are failed with a
   * clear error instead; a provider that can look the send up says which.
   */
  private async reconcileStale(): Promise<void> {
    const { deps } = this;
    const staleBefore = new Date(deps.clock().getTime() - this.options.leaseMs).toISOString();
    for (const message of await findStaleSendingMessages(deps.db, staleBefore, 100)) {
      const provider = this.providerFor(message.provider);
      let found: { providerMessageId: string } | null | undefined;
      try {
        found = await provider.findSentText?.({ organizationId: message.organization_id, messageId: message.id, from: message.from_number, to: message.to_number!, body: message.body, attempt: message.attempts, notBefore: message.send_at ?? message.created_at });
      } catch (error) {
        // The provider could not answer: treat it as unknown (fail, do not resend) rather than stall every later pass.
        deps.logger.warn({ id: message.id, provider: message.provider, err: error instanceof Error ? error.message : String(error) }, 'could not reconcile a send left unanswered');
        found = undefined;
      }
      const now = deps.clock().toISOString();
      if (found) await updateMessage(deps.db, message.id, { status: 'sent', provider_message_id: found.providerMessageId, sent_at: now, claimed_by: null, updated_at: now });
      else if (found === null) await updateMessage(deps.db, message.id, { status: 'queued', claimed_at: null, claimed_by: null, updated_at: now });
      else await updateMessage(deps.db, message.id, { status: 'failed', error_code: 'send_unconfirmed', error_message: 'The server stopped while handing this to the provider; it was not resent to avoid a duplicate.', claimed_by: null, updated_at: now });
    }
    for (const call of await findStaleSendingCalls(deps.db, staleBefore, 100)) {
      const now = deps.clock().toISOString();
      await updateCall(deps.db, call.id, { status: 'failed', error_code: 'send_unconfirmed', error_message: 'The server stopped while placing this call; it was not retried to avoid calling twice.', claimed_by: null, updated_at: now });
    }
  }

  private providerFor(name: string | null): MessagingProvider {
    return this.deps.providers.get(name ?? 'console');
  }
}

/** Exponential backoff with full jitter: a random delay up to base·2^(attempt-1), at least base/2. */
export function backoffWithJitter(baseMs: number, attempt: number): number {
  const ceiling = baseMs * 2 ** Math.max(0, attempt - 1);
  return Math.round(baseMs / 2 + Math.random() * (ceiling - baseMs / 2));
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

/** What differs between dispatching a text and placing a call. */
interface DispatchKind<Row extends MessageRow | CallRow, Result> {
  name: 'message' | 'call';
  pendingStatuses: readonly string[];
  find(db: Executor, id: string): Promise<Row | undefined>;
  lock(trx: Trx, id: string): Promise<Row | undefined>;
  update(db: Executor, id: string, changes: Record<string, unknown>): Promise<void>;
  prepare(provider: MessagingProvider, row: Row, attempt: number): Promise<PreparedSend<Result>>;
  succeeded(result: Result, now: string): Record<string, unknown>;
}

const MESSAGE_DISPATCH: DispatchKind<MessageRow, { providerMessageId: string }> = {
  name: 'message',
  pendingStatuses: ['queued', 'scheduled'],
  find: (db, id) => db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirst(),
  lock: lockMessage,
  update: (db, id, changes) => updateMessage(db, id, changes),
  prepare: (provider, row, attempt) =>
    provider.prepareText({ organizationId: row.organization_id, messageId: row.id, from: row.from_number, to: row.to_number!, body: row.body, attempt, notBefore: row.send_at ?? row.created_at }),
  succeeded: (result, now) => ({ status: 'sent', provider_message_id: result.providerMessageId, sent_at: now, claimed_by: null, updated_at: now, error_code: null, error_message: null }),
};

const CALL_DISPATCH: DispatchKind<CallRow, { providerCallId: string }> = {
  name: 'call',
  pendingStatuses: ['queued'],
  find: (db, id) => db.selectFrom('calls').selectAll().where('id', '=', id).executeTakeFirst(),
  lock: lockCall,
  update: (db, id, changes) => updateCall(db, id, changes),
  prepare: (provider, row, attempt) => provider.prepareCall({ organizationId: row.organization_id, callId: row.id, from: row.from_number, to: row.to_number, attempt, notBefore: row.created_at }),
  succeeded: (result, now) => ({ status: 'initiated', provider_call_id: result.providerCallId, claimed_by: null, updated_at: now, error_code: null, error_message: null }),
};
