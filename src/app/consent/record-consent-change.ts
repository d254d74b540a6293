import { AppError } from '../../domain/errors.js';
import { serializeChannel, type ConsentChannel, type ConsentSource } from '../../domain/consent-ledger.js';
import { appendConsentEvent, type NewConsentEvent } from '../../storage/repositories/consent-ledger.repository.js';
import { lockPhoneConsent, updatePhoneConsent } from '../../storage/repositories/phone-consent.repository.js';
import { cancelPendingOutreach, OPTED_OUT_BEFORE_SENT } from '../../storage/repositories/outreach.repository.js';
import { stopActiveEnrollmentsForNumber } from '../../storage/repositories/sequences.repository.js';
import { resolvePendingReviewsByOptOut } from '../../storage/repositories/review.repository.js';
import type { Trx } from '../../storage/executor.js';
import { deferUntilCommit, type DeferredTask } from '../../storage/group-commit.js';
import type { AppMetrics } from '../metrics.js';
import type { ConsentEventRow, PhoneConsentRow } from '../../storage/schema.js';
import type { AppDeps } from '../context.js';
import { webhookActor } from '../../domain/webhook-events.js';
import { recordWebhookEvent } from '../webhooks/record-webhook-event.js';

export interface ConsentChange {
  organizationId: string;
  phone: string;
  source: ConsentSource;
  keyword?: string | null;
  rule?: string | null;
  reason?: string | null;
  note?: string | null;
  attestation?: string | null;
  actorUserId?: string | null;
  messageId?: string | null;
  /** How the change arrived; hashed into the ledger with the rest. */
  channel: ConsentChannel;
  /** The call the change was made on, as evidence. */
  callId?: string | null;
}

/** What a consent change needs; metrics are optional so tools can record changes without counting them. */
export type ConsentDeps = Pick<AppDeps, 'clock' | 'newId'> & Partial<Pick<AppDeps, 'metrics'>>;

export interface ConsentChangeResult {
  /** False when the number was already in the requested state: no event is written. */
  changed: boolean;
  consent: PhoneConsentRow;
  /** The event appended (its place in the chain is fixed when the transaction commits). */
  event: NewConsentEvent | null;
}

/**
 * Opts a number out inside the caller's transaction: locks the number (or
 * takes the row the caller already locked in this transaction),
 * appends the ledger event, updates the derived state and cancels every
 * message and call not yet handed to a provider and stops every active
 * sequence enrollment of the number, and puts the webhook event in the
 * outbox — all or nothing.
 * Opting out an opted-out number changes nothing.
 */
export async function recordOptOut(trx: Trx, deps: ConsentDeps, change: ConsentChange, locked?: PhoneConsentRow): Promise<ConsentChangeResult> {
  const current = locked ?? (await lockPhoneConsent(trx, change.organizationId, change.phone));
  if (current.opted_out === 1) return { changed: false, consent: current, event: null };
  const result = await writeChange(trx, deps, change, 'opted_out', current);
  await cancelPendingOutreach(trx, change.organizationId, change.phone, result.event!.createdAt, OPTED_OUT_BEFORE_SENT);
  await stopActiveEnrollmentsForNumber(trx, change.organizationId, change.phone, result.event!.createdAt);
  await resolvePendingReviewsByOptOut(trx, change.organizationId, change.phone, result.event!.id, result.event!.createdAt);
  return result;
}

/**
 * Opts a number back in inside the caller's transaction (as recordOptOut);
 * opting in an allowed number changes nothing. Never for a simulated text
 * (rule 11): the callers already refuse it, and this keeps any new caller from forgetting.
 */
export async function recordOptIn(trx: Trx, deps: ConsentDeps, change: ConsentChange, locked?: PhoneConsentRow): Promise<ConsentChangeResult> {
  if (change.source === 'simulated' || change.channel.kind === 'simulator') {
    throw new AppError('forbidden', 'A simulated text cannot opt a number in; only the contact (through a provider or an API integration) or an admin\'s attested opt-in can.');
  }
  const current = locked ?? (await lockPhoneConsent(trx, change.organizationId, change.phone));
  if (current.opted_out === 0) return { changed: false, consent: current, event: null };
  return writeChange(trx, deps, change, 'opted_in', current);
}

type CountedChange = { metrics: AppMetrics; type: 'opted_out' | 'opted_in'; source: string };

/** Counts consent changes once their batch is about to commit: a change rolled back (and retried) is not counted twice. */
const COUNT_CHANGES: DeferredTask<CountedChange> = {
  name: 'count consent changes',
  run: async (_trx, changes) => {
    for (const { metrics, type, source } of changes) metrics.consentChanged(type, source);
  },
};

/** The ledger event of a consent change, as every path that records one writes it. */
export function newConsentEvent(change: ConsentChange, type: 'opted_out' | 'opted_in', id: string, createdAt: string): NewConsentEvent {
  return {
    id,
    organizationId: change.organizationId,
    type,
    phone: change.phone,
    source: change.source,
    keyword: change.keyword ?? null,
    rule: change.rule ?? null,
    reason: change.reason ?? null,
    note: change.note ?? null,
    attestation: change.attestation ?? null,
    actorUserId: change.actorUserId ?? null,
    messageId: change.messageId ?? null,
    callId: change.callId ?? null,
    createdAt,
    channel: serializeChannel(change.channel),
  };
}

/** Puts a consent event's webhook event in the outbox (nothing is written when no endpoint is subscribed). */
export async function recordConsentWebhookEvent(trx: Trx, deps: Pick<ConsentDeps, 'newId'>, change: ConsentChange, event: NewConsentEvent): Promise<void> {
  await recordWebhookEvent(trx, {
    id: deps.newId(),
    type: event.type === 'opted_out' ? 'consent.opted_out' : 'consent.opted_in',
    createdAt: event.createdAt,
    organizationId: change.organizationId,
    contactId: null,
    data: {
      phone: change.phone,
      source: change.source,
      keyword: event.keyword,
      rule: event.rule,
      reason: event.reason,
      actor: webhookActor(event.actorUserId, change.source),
      consentEventId: event.id,
    },
  });
}

async function writeChange(trx: Trx, deps: ConsentDeps, change: ConsentChange, type: 'opted_out' | 'opted_in', current: PhoneConsentRow): Promise<ConsentChangeResult> {
  const createdAt = deps.clock().toISOString();
  const event = newConsentEvent(change, type, deps.newId(), createdAt);
  await appendConsentEvent(trx, event);
  await recordConsentWebhookEvent(trx, deps, change, event);
  const consent: PhoneConsentRow = {
    organization_id: change.organizationId,
    phone: change.phone,
    opted_out: type === 'opted_out' ? 1 : 0,
    changed_at: createdAt,
    source: change.source,
    keyword: change.keyword ?? null,
    rule: change.rule ?? null,
    reason: change.reason ?? null,
    event_id: event.id,
    // An opt-out settles any reply awaiting review; an opt-in leaves a pending review pending.
    review_pending: type === 'opted_out' ? 0 : current.review_pending,
  };
  await updatePhoneConsent(trx, consent);
  if (deps.metrics) {
    const counted = { metrics: deps.metrics, type, source: change.source };
    if (!deferUntilCommit(trx, COUNT_CHANGES, counted)) deps.metrics.consentChanged(type, change.source);
  }
  return { changed: true, consent, event };
}

export type { ConsentEventRow };
