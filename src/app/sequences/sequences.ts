import { AppError } from '../../domain/errors.js';
import { stepDueAt, validateSequenceSteps, type SequenceStep } from '../../domain/sequence.js';
import { isUniqueViolation } from '../../storage/executor.js';
import type { Page } from '../../storage/pagination.js';
import {
  findActiveEnrollment,
  findSequence,
  insertEnrollment,
  insertSequence,
  listEnrollments,
  listSequences,
} from '../../storage/repositories/sequences.repository.js';
import type { SequenceEnrollmentRow, SequenceRow } from '../../storage/schema.js';
import { requireContact } from '../contacts/contacts.js';
import { nowIso, type AppDeps, type Principal } from '../context.js';
import { lockAllowedNumber, refuseIfOptedOut } from '../outbound/outreach-gate.js';

export interface Sequence {
  row: SequenceRow;
  steps: SequenceStep[];
}

export interface SequenceInput {
  name: string;
  steps: unknown[];
}

/** Creates an automated outreach sequence; its steps never change afterwards, so enrollments can point at a step by index. */
export async function createSequence(deps: AppDeps, principal: Principal, input: SequenceInput): Promise<Sequence> {
  const name = input.name.trim();
  if (!name) throw new AppError('invalid_request', 'name: name the sequence.', { field: 'name' });
  const steps = validateSequenceSteps(input.steps);
  const row: SequenceRow = {
    id: deps.newId(),
    organization_id: principal.organizationId,
    name,
    steps: JSON.stringify(steps),
    created_by_user_id: principal.userId,
    created_at: nowIso(deps),
  };
  await insertSequence(deps.db, row);
  return { row, steps };
}

export async function listOrganizationSequences(deps: AppDeps, principal: Principal, page: { limit: number; cursor?: string | undefined }): Promise<Page<Sequence>> {
  const rows = await listSequences(deps.db, principal.organizationId, page.limit, page.cursor ?? null);
  return { items: rows.items.map(toSequence), nextCursor: rows.nextCursor };
}

export async function getSequence(deps: AppDeps, principal: Principal, id: string): Promise<Sequence> {
  const row = await findSequence(deps.db, principal.organizationId, id);
  if (!row) throw new AppError('not_found', 'No such sequence in this organization.');
  return toSequence(row);
}

export function toSequence(row: SequenceRow): Sequence {
  return { row, steps: JSON.parse(row.steps) as SequenceStep[] };
}

/**
 * Enrolls a contact's number in a sequence, or refuses: contact_opted_out
 * when the number opted out, conflict when the contact is already actively
 * enrolled. The check holds the number's lock, so an opt-out on any instance
 * either commits first (and this refuses) or after (and stops this enrollment).
 */
export async function enrollContact(deps: AppDeps, principal: Principal, sequenceId: string, contactId: string): Promise<{ sequence: Sequence; enrollment: SequenceEnrollmentRow }> {
  const sequence = await getSequence(deps, principal, sequenceId);
  const contact = await requireContact(deps.db, principal.organizationId, contactId);
  await refuseIfOptedOut(deps.db, principal.organizationId, contact.phone, 'sequence');
  const firstStep = sequence.steps[0]!;
  let enrollment: SequenceEnrollmentRow;
  try {
    enrollment = await deps.transact(async (trx) => {
      await lockAllowedNumber(trx, principal.organizationId, contact.phone, 'sequence');
      if (await findActiveEnrollment(trx, sequence.row.id, contact.id)) throw alreadyEnrolled();
      const now = deps.clock();
      const row: SequenceEnrollmentRow = {
        id: deps.newId(),
        organization_id: principal.organizationId,
        sequence_id: sequence.row.id,
        contact_id: contact.id,
        phone: contact.phone,
        status: 'active',
        stop_reason: null,
        next_step_index: 0,
        next_run_at: stepDueAt(now, firstStep).toISOString(),
        claimed_at: null,
        claimed_by: null,
        created_by_user_id: principal.userId,
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
        stopped_at: null,
        completed_at: null,
      };
      await insertEnrollment(trx, row);
      return row;
    });
  } catch (error) {
    // Two enrollments of one contact raced; the other one won.
    if (isUniqueViolation(error)) throw alreadyEnrolled();
    throw error;
  }
  if (firstStep.delayMinutes === 0) deps.wakeDispatcher();
  return { sequence, enrollment };
}

function alreadyEnrolled(): AppError {
  return new AppError('conflict', 'This contact is already enrolled in this sequence.');
}

export async function listSequenceEnrollments(
  deps: AppDeps,
  principal: Principal,
  sequenceId: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<{ sequence: Sequence; page: Page<SequenceEnrollmentRow> }> {
  const sequence = await getSequence(deps, principal, sequenceId);
  return { sequence, page: await listEnrollments(deps.db, principal.organizationId, sequence.row.id, page.limit, page.cursor ?? null) };
}
