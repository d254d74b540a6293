import type { Static } from 'typebox';
import type { Sequence as SequenceModel } from '../../app/sequences/sequences.js';
import type { SequenceEnrollmentRow } from '../../app/read-models.js';
import type { Enrollment, Sequence } from './sequences.schema.js';

export function presentSequence({ row, steps }: SequenceModel): Static<typeof Sequence> {
  return { id: row.id, name: row.name, steps, createdByUserId: row.created_by_user_id, createdAt: row.created_at };
}

/** An enrollment with where it stands: the step it runs next (index, type, when) while active, else null. */
export function presentEnrollment(row: SequenceEnrollmentRow, sequence: SequenceModel): Static<typeof Enrollment> {
  const step = row.status === 'active' ? sequence.steps[row.next_step_index] : undefined;
  return {
    id: row.id,
    sequenceId: row.sequence_id,
    contactId: row.contact_id,
    phone: row.phone,
    status: row.status,
    stopReason: row.stop_reason,
    stepsRun: row.next_step_index,
    nextStep: step ? { index: row.next_step_index, type: step.type, dueAt: row.next_run_at } : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    stoppedAt: row.stopped_at,
    completedAt: row.completed_at,
  };
}
