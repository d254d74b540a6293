/**
 * One send of one claimed text or call: the last consent check under the
 * number's lock, the hand-over to the provider, and what its answer (or
 * failure) makes of the row. What differs between a text and a call is data
 * (`DispatchKind`), not a second copy of the steps.
 */
import { decideSend, HOLD_RETRY_MS } from '../../domain/send-gate.js';
import { ProviderError, type MessagingProvider, type PreparedSend } from '../../providers/provider.js';
import type { Executor } from '../../storage/executor.js';
import { lockClaimedRow } from '../../storage/claims.js';
import {
  cancelOptedOut,
  findOutreachById,
  holdForReview,
  markCallPlaced,
  markFailed,
  markMessageSent,
  markSending,
  requeue,
  type OutreachTable,
} from '../../storage/repositories/outreach.repository.js';
import { consentStateOf, lockPhoneConsent } from '../../storage/repositories/phone-consent.repository.js';
import type { CallRow, MessageRow } from '../../storage/schema.js';
import { recordOptOut } from '../consent/record-consent-change.js';
import type { AppDeps } from '../context.js';

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

export interface DispatchPolicy {
  /** This instance's claims: a row claimed by another is not touched. */
  instanceId: string;
  maxAttempts: number;
  /** Base of the exponential retry backoff. */
  retryBaseMs: number;
}

/** What differs between dispatching a text and placing a call. */
export interface DispatchKind<Row extends MessageRow | CallRow, Result> {
  table: OutreachTable;
  pendingStatuses: readonly string[];
  prepare(provider: MessagingProvider, row: Row, attempt: number): Promise<PreparedSend<Result>>;
  /** Records the provider's acceptance; `attempts` when an earlier try turned out to have got through. */
  markSucceeded(db: Executor, id: string, result: Result, now: string, attempts?: number): Promise<void>;
}

export const MESSAGE_DISPATCH: DispatchKind<MessageRow, { providerMessageId: string }> = {
  table: 'messages',
  pendingStatuses: ['queued', 'scheduled'],
  prepare: (provider, row, attempt) =>
    provider.prepareText({ organizationId: row.organization_id, messageId: row.id, from: row.from_number, to: row.to_number!, body: row.body, attempt, notBefore: row.send_at ?? row.created_at }),
  markSucceeded: (db, id, result, now, attempts) => markMessageSent(db, id, result.providerMessageId, now, attempts),
};

export const CALL_DISPATCH: DispatchKind<CallRow, { providerCallId: string }> = {
  table: 'calls',
  pendingStatuses: ['queued'],
  prepare: (provider, row, attempt) =>
    provider.prepareCall({
      organizationId: row.organization_id,
      callId: row.id,
      from: row.from_number,
      to: row.to_number,
      mode: row.kind === 'bridge' ? 'bridge' : 'voice_message',
      connectTo: row.connect_to,
      voiceMessage: row.voice_message,
      attempt,
      notBefore: row.created_at,
    }),
  markSucceeded: (db, id, result, now, attempts) => markCallPlaced(db, id, result.providerCallId, now, attempts),
};

export function providerFor(deps: Pick<AppDeps, 'providers'>, name: string | null): MessagingProvider {
  return deps.providers.get(name ?? 'console');
}

/**
 * One send: let the provider get ready (credentials, looking up an earlier
 * try), then take the number's lock and ask the send gate one last time,
 * mark the send attempted, and only then hand it over. The gap between
 * that check and the provider request is the whole grace window.
 */
export async function dispatchOne<Row extends MessageRow | CallRow, Result>(
  deps: AppDeps,
  policy: DispatchPolicy,
  kind: DispatchKind<Row, Result>,
  id: string,
  tally: DispatchTally,
): Promise<void> {
  const row = (await findOutreachById(deps.db, kind.table, id)) as Row | undefined;
  if (!row || !kind.pendingStatuses.includes(row.status) || row.claimed_by !== policy.instanceId || !row.to_number) return;
  const attempt = row.attempts + 1;
  let prepared: PreparedSend<Result>;
  try {
    prepared = await kind.prepare(providerFor(deps, row.provider), row, attempt);
  } catch (error) {
    await handleFailure(deps, policy, kind.table, row, attempt, error, tally);
    return;
  }

  const go = await deps.transact(async (trx) => {
    // Number first, then the row: the same order an opt-out takes its locks in.
    const consent = await lockPhoneConsent(trx, row.organization_id, row.to_number!);
    const current = (await lockClaimedRow(trx, kind.table, id)) as Row | undefined;
    if (!current || !kind.pendingStatuses.includes(current.status) || current.claimed_by !== policy.instanceId || current.attempts !== row.attempts) return false;
    const now = deps.clock().toISOString();
    if ('alreadySent' in prepared) {
      await kind.markSucceeded(trx, id, prepared.alreadySent, now, attempt);
      tally.sent += 1;
      return false;
    }
    switch (decideSend(consentStateOf(consent), current.purpose)) {
      case 'cancel':
        await cancelOptedOut(trx, kind.table, id, now);
        tally.canceled += 1;
        deps.metrics.sendRefused('dispatch');
        return false;
      case 'hold':
        // Held, not canceled: "not a revocation" releases it.
        await holdForReview(trx, kind.table, id, new Date(Date.parse(now) + HOLD_RETRY_MS).toISOString(), now);
        tally.held += 1;
        return false;
      case 'send':
        await markSending(trx, kind.table, id, attempt, now);
        return true;
    }
  });
  if (!go || 'alreadySent' in prepared) return;

  try {
    const result = await prepared.send();
    // Through transact, so a burst of sends shares commits (group commit) instead of one fsync each.
    await deps.transact((trx) => kind.markSucceeded(trx, id, result, deps.clock().toISOString()));
    tally.sent += 1;
  } catch (error) {
    await handleFailure(deps, policy, kind.table, row, attempt, error, tally);
  }
}

/** A refused or failed send: an unsubscribed recipient opts the number out; a transient failure is retried with backoff; anything else fails. */
async function handleFailure(deps: AppDeps, policy: DispatchPolicy, table: OutreachTable, row: MessageRow | CallRow, attempts: number, error: unknown, tally: DispatchTally): Promise<void> {
  const failure = error instanceof ProviderError ? error : new ProviderError('transient', null, error instanceof Error ? error.message : String(error));
  const now = deps.clock();
  const nowText = now.toISOString();
  const kind = table === 'messages' ? 'message' : 'call';
  deps.logger.warn({ kind, id: row.id, provider: row.provider, failure: failure.kind, code: failure.providerCode, err: failure.message }, 'provider refused a send');
  const failed = { attempts, errorCode: failure.providerCode, errorMessage: failure.message };

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
      await markFailed(trx, table, row.id, nowText, failed);
    });
    tally.failed += 1;
    return;
  }
  if (failure.kind === 'transient' && attempts < policy.maxAttempts) {
    const delay = failure.retryAfterMs ?? backoffWithJitter(policy.retryBaseMs, attempts);
    await requeue(deps.db, table, row.id, nowText, { ...failed, nextAttemptAt: new Date(now.getTime() + delay).toISOString() });
    tally.retried += 1;
    return;
  }
  await markFailed(deps.db, table, row.id, nowText, failed);
  tally.failed += 1;
}

/** Exponential backoff with full jitter: a random delay up to base·2^(attempt-1), at least base/2. */
export function backoffWithJitter(baseMs: number, attempt: number): number {
  const ceiling = baseMs * 2 ** Math.max(0, attempt - 1);
  return Math.round(baseMs / 2 + Math.random() * (ceiling - baseMs / 2));
}
