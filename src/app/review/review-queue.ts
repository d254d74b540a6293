import { addBusinessDays } from '../../domain/business-days.js';
import { AppError } from '../../domain/errors.js';
import { consentStateOf, lockPhoneConsent, setReviewPending } from '../../storage/repositories/phone-consent.repository.js';
import {
  countPendingReviewItemsForPhone,
  findReviewItem,
  insertReviewItem,
  lockReviewItem,
  updateReviewItem,
} from '../../storage/repositories/review.repository.js';
import type { Trx } from '../../storage/executor.js';
import type { MessageRow, ReviewItemRow } from '../../storage/schema.js';
import { recordOptOut } from '../consent/record-consent-change.js';
import { channelOf, type AppDeps, type Principal } from '../context.js';
import type { Language } from '../../domain/classification/classify-inbound-text.js';
import { renderReply } from '../../domain/opt-out-settings.js';
import { findMessageById } from '../../storage/repositories/messages.repository.js';
import { releaseHeldOutreach } from '../../storage/repositories/outreach.repository.js';
import { recordReply } from '../outbound/record-reply.js';
import { requireMayDecideReview } from '../policies.js';
import { loadOrganization } from '../organization.js';
import { webhookActor } from '../../domain/webhook-events.js';
import { recordWebhookEvent } from '../webhooks/record-webhook-event.js';

/** The FCC's limit for honouring a revocation made by "reasonable means". */
export const REVIEW_BUSINESS_DAYS = 10;

/**
 * Queues an inbound reply whose intent is unclear for a human, inside the
 * intake transaction, and holds the number: nobody contacts it until the
 * review is decided.
 */
export async function queueForReview(trx: Trx, deps: Pick<AppDeps, 'newId' | 'clock'>, message: MessageRow, classification: { rule: string; language: string }): Promise<ReviewItemRow> {
  const receivedAt = new Date(message.created_at);
  const row: ReviewItemRow = {
    id: deps.newId(),
    organization_id: message.organization_id,
    message_id: message.id,
    contact_id: message.contact_id,
    phone: message.from_number!,
    body: message.body,
    rule: classification.rule,
    language: classification.language,
    received_at: message.created_at,
    deadline: addBusinessDays(receivedAt, REVIEW_BUSINESS_DAYS).toISOString(),
    status: 'pending',
    note: null,
    decided_by_user_id: null,
    decided_at: null,
    event_id: null,
  };
  await insertReviewItem(trx, row);
  await setReviewPending(trx, message.organization_id, row.phone, true);
  await recordWebhookEvent(trx, {
    id: deps.newId(),
    type: 'review.created',
    createdAt: deps.clock().toISOString(),
    organizationId: row.organization_id,
    contactId: row.contact_id,
    data: {
      phone: row.phone,
      source: 'phrase',
      keyword: null,
      rule: row.rule,
      reason: `Replied "${row.body.slice(0, 60)}"`,
      actor: webhookActor(null, 'phrase'),
      consentEventId: null,
      reviewItemId: row.id,
      messageId: row.message_id,
      deadline: row.deadline,
    },
  });
  return row;
}

export interface ReviewDecision {
  decision: 'opt_out' | 'not_a_revocation';
  note: string;
}

/**
 * Records a teammate's decision. "opt_out" writes the opt-out (source
 * phrase, the reviewed message as its cause, the reviewer as actor);
 * "not_a_revocation" releases the number once no other reply awaits review.
 */
export async function decideReviewItem(deps: AppDeps, principal: Principal, id: string, input: ReviewDecision): Promise<ReviewItemRow> {
  requireMayDecideReview(principal, input.decision);
  const note = input.note?.trim();
  if (!note) throw new AppError('invalid_request', 'note: say why you decided this way; it is kept as evidence.', { field: 'note' });
  if (note.length > 1000) throw new AppError('invalid_request', 'note: keep it to 1000 characters.', { field: 'note' });
  const existing = await findReviewItem(deps.db, principal.organizationId, id);
  if (!existing) throw new AppError('not_found', 'No such review item in this organization.');
  let confirmationQueued = false;
  let released = false;
  const decided = await deps.transact(async (trx) => {
    await lockPhoneConsent(trx, principal.organizationId, existing.phone);
    const item = await lockReviewItem(trx, principal.organizationId, id);
    if (!item) throw new AppError('not_found', 'No such review item in this organization.');
    if (item.status !== 'pending') throw new AppError('conflict', `This reply was already decided (${item.status.replaceAll('_', ' ')}).`);
    const now = deps.clock().toISOString();
    if (input.decision === 'opt_out') {
      const { event, consent } = await recordOptOut(trx, deps, {
        organizationId: principal.organizationId,
        phone: item.phone,
        source: 'phrase',
        rule: item.rule,
        reason: `Reviewed: replied "${item.body.slice(0, 60)}"`,
        note,
        actorUserId: principal.userId,
        messageId: item.message_id,
        channel: channelOf(principal),
      });
      const decided = { status: 'opted_out' as const, note, decided_by_user_id: principal.userId, decided_at: now, event_id: event?.id ?? null };
      await updateReviewItem(trx, item.id, decided);
      // The person did text us: confirm the opt-out once, as a keyword opt-out would be.
      const inbound = event ? await findMessageById(trx, principal.organizationId, item.message_id) : undefined;
      if (inbound) {
        const { organization, settings } = await loadOrganization(trx, principal.organizationId);
        const body = renderReply(settings, 'optOutReply', item.language as Language, organization.name);
        const reply = { inbound, body, kind: 'optOutReply' as const, delivery: 'dispatch' as const, provider: undefined };
        confirmationQueued = (await recordReply(trx, deps, principal.organizationId, reply, consentStateOf(consent))) !== null;
      }
      await recordDecision(trx, deps, { ...item, ...decided });
      return { ...item, ...decided };
    }
    const decided = { status: 'not_a_revocation' as const, note, decided_by_user_id: principal.userId, decided_at: now };
    await updateReviewItem(trx, item.id, decided);
    await recordDecision(trx, deps, { ...item, ...decided });
    if ((await countPendingReviewItemsForPhone(trx, principal.organizationId, item.phone)) === 0) {
      await setReviewPending(trx, principal.organizationId, item.phone, false);
      await releaseHeldOutreach(trx, principal.organizationId, item.phone);
      released = true;
    }
    return { ...item, ...decided };
  });
  if (confirmationQueued || released) deps.wakeDispatcher();
  return decided;
}

/** The review.decided webhook event, in the decision's transaction. */
async function recordDecision(trx: Trx, deps: Pick<AppDeps, 'newId'>, item: ReviewItemRow): Promise<void> {
  await recordWebhookEvent(trx, {
    id: deps.newId(),
    type: 'review.decided',
    createdAt: item.decided_at!,
    organizationId: item.organization_id,
    contactId: item.contact_id,
    data: {
      phone: item.phone,
      source: 'phrase',
      keyword: null,
      rule: item.rule,
      reason: `Reviewed: replied "${item.body.slice(0, 60)}"`,
      actor: webhookActor(item.decided_by_user_id, 'phrase'),
      consentEventId: item.event_id,
      reviewItemId: item.id,
      messageId: item.message_id,
      decision: item.status === 'opted_out' ? 'opt_out' : 'not_a_revocation',
      note: item.note,
    },
  });
}
