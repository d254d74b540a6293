import { decideSend, HOLD_RETRY_MS } from '../../domain/send-gate.js';
import { defaultVoiceMessage, stepDueAt, type SequenceStep } from '../../domain/sequence.js';
import { insertCall, newOutboundCall } from '../../storage/repositories/calls.repository.js';
import { consentStateOf, lockPhoneConsent } from '../../storage/repositories/phone-consent.repository.js';
import { findContactById } from '../../storage/repositories/contacts.repository.js';
import { insertMessage, newOutboundMessage } from '../../storage/repositories/messages.repository.js';
import { findSenderRoute } from '../../storage/repositories/numbers.repository.js';
import {
  claimDueEnrollments,
  findSequence,
  insertStepRun,
  lockEnrollment,
  peekEnrollmentNumber,
  updateEnrollment,
} from '../../storage/repositories/sequences.repository.js';
import type { Trx } from '../../storage/executor.js';
import type { SequenceEnrollmentRow } from '../../storage/schema.js';
import type { AppDeps } from '../context.js';
import { loadOrganization } from '../organization.js';
import { bodyWithOptOutNotice } from '../outbound/opt-out-notice.js';

export interface SequenceRunnerOptions {
  /** Identifies this instance's claims (the dispatcher's instance id). */
  instanceId: string;
  /** A claim older than this belongs to a dead instance and may be taken over. */
  leaseMs: number;
  batchSize: number;
}

export type StepOutcome = 'ran' | 'completed' | 'stopped' | 'canceled' | 'deferred' | 'skipped';

/** Bounds one pass, so a sequence of zero-delay steps cannot keep a pass running. */
const MAX_BATCHES_PER_PASS = 100;

/**
 * Runs every sequence step that is due: claims due enrollments (SKIP LOCKED
 * on PostgreSQL, so instances share the work), then for each, in one
 * transaction holding the number's lock, either stops the enrollment (the
 * number opted out) or queues the step's message or call and moves the
 * enrollment on. The queued message or call is sent by the dispatcher like
 * any other, which checks consent again right before the provider call.
 * Creating the step and advancing the enrollment commit together, and a
 * step run is recorded under a primary key, so no step is queued twice.
 */
export async function runDueSequenceSteps(deps: AppDeps, options: SequenceRunnerOptions): Promise<Record<StepOutcome, number>> {
  const tally: Record<StepOutcome, number> = { ran: 0, completed: 0, stopped: 0, canceled: 0, deferred: 0, skipped: 0 };
  for (let batch = 0; batch < MAX_BATCHES_PER_PASS; batch += 1) {
    const now = deps.clock();
    const staleBefore = new Date(now.getTime() - options.leaseMs).toISOString();
    const ids = await claimDueEnrollments(deps.db, options.instanceId, now.toISOString(), staleBefore, options.batchSize);
    if (ids.length === 0) break;
    for (const id of ids) {
      try {
        tally[await runEnrollmentStep(deps, id, options.instanceId)] += 1;
      } catch (error) {
        // One bad enrollment must not hold up every send: its claim lapses and it is tried again after the lease.
        deps.logger.error({ err: error, enrollmentId: id }, 'sequence step failed; will retry');
        tally.skipped += 1;
      }
    }
  }
  return tally;
}

async function runEnrollmentStep(deps: AppDeps, id: string, claimer: string): Promise<StepOutcome> {
  return deps.transact(async (trx) => {
    const number = await peekEnrollmentNumber(trx, id);
    if (!number) return 'skipped';
    // Number first, then enrollment: the same order an opt-out takes its locks in.
    const consent = await lockPhoneConsent(trx, number.organization_id, number.phone);
    const enrollment = await lockEnrollment(trx, id);
    if (!enrollment || enrollment.status !== 'active' || enrollment.claimed_by !== claimer) return 'skipped';
    const now = deps.clock();
    const nowText = now.toISOString();

    switch (decideSend(consentStateOf(consent), 'sequence')) {
      case 'cancel':
        await updateEnrollment(trx, id, { status: 'stopped_opted_out', stop_reason: 'contact_opted_out', next_run_at: null, claimed_at: null, claimed_by: null, stopped_at: nowText, updated_at: nowText });
        return 'stopped';
      case 'hold':
        // Not contacted for now (a reply awaits review), tried again later.
        await updateEnrollment(trx, id, { next_run_at: new Date(now.getTime() + HOLD_RETRY_MS).toISOString(), claimed_at: null, claimed_by: null, updated_at: nowText });
        return 'deferred';
      case 'send':
        break;
    }

    const contact = await findContactById(trx, enrollment.organization_id, enrollment.contact_id);
    // Never text a number the contact no longer has: it may belong to someone else now.
    const cancelReason = !contact ? 'contact_deleted' : contact.phone !== enrollment.phone ? 'contact_phone_changed' : null;
    if (cancelReason) {
      await updateEnrollment(trx, id, { status: 'canceled', stop_reason: cancelReason, next_run_at: null, claimed_at: null, claimed_by: null, stopped_at: nowText, updated_at: nowText });
      return 'canceled';
    }

    const sequence = await findSequence(trx, enrollment.organization_id, enrollment.sequence_id);
    const steps = sequence ? (JSON.parse(sequence.steps) as SequenceStep[]) : [];
    const step = steps[enrollment.next_step_index];
    if (step) await queueStep(trx, deps, enrollment, step, nowText);

    const nextIndex = enrollment.next_step_index + 1;
    const nextStep = steps[nextIndex];
    if (!nextStep) {
      await updateEnrollment(trx, id, { status: 'completed', next_step_index: nextIndex, next_run_at: null, claimed_at: null, claimed_by: null, completed_at: nowText, updated_at: nowText });
      return 'completed';
    }
    // The delay counts from when this step actually ran, so steps delayed by an outage do not bunch up.
    await updateEnrollment(trx, id, { next_step_index: nextIndex, next_run_at: stepDueAt(now, nextStep).toISOString(), claimed_at: null, claimed_by: null, updated_at: nowText });
    return 'ran';
  });
}

async function queueStep(trx: Trx, deps: AppDeps, enrollment: SequenceEnrollmentRow, step: SequenceStep, now: string): Promise<void> {
  const outbound = {
    id: deps.newId(),
    organizationId: enrollment.organization_id,
    contactId: enrollment.contact_id,
    to: enrollment.phone,
    purpose: 'sequence' as const,
    sender: await findSenderRoute(trx, enrollment.organization_id),
    createdByUserId: enrollment.created_by_user_id,
    now,
  };
  const run = { enrollment_id: enrollment.id, step_index: enrollment.next_step_index, created_at: now };
  if (step.type === 'sms') {
    const { settings } = await loadOrganization(trx, enrollment.organization_id);
    const body = await bodyWithOptOutNotice(trx, settings, enrollment.organization_id, enrollment.phone, step.body, 'sequence', new Date(now));
    const message = await insertMessage(trx, newOutboundMessage({ ...outbound, body, sequenceId: enrollment.sequence_id }));
    await insertStepRun(trx, { ...run, message_id: message.id, call_id: null });
  } else {
    const { organization } = await loadOrganization(trx, enrollment.organization_id);
    const words = step.voiceMessage ?? defaultVoiceMessage(organization.name);
    const call = await insertCall(trx, newOutboundCall({ ...outbound, kind: 'voice_message', voiceMessage: words, audioUrl: step.audioUrl ?? null }));
    await insertStepRun(trx, { ...run, message_id: null, call_id: call.id });
  }
}
