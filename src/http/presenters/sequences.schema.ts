import { Type } from 'typebox';
import { Nullable, Timestamp } from '../schemas.js';

export const SequenceStep = Type.Union([
  Type.Object({ type: Type.Literal('sms'), body: Type.String(), delayMinutes: Type.Integer() }),
  Type.Object({ type: Type.Literal('call'), delayMinutes: Type.Integer(), voiceMessage: Type.Optional(Type.String()), audioUrl: Type.Optional(Nullable(Type.String())) }),
]);

export const Sequence = Type.Object({
  id: Type.String(),
  name: Type.String(),
  steps: Type.Array(SequenceStep),
  createdByUserId: Nullable(Type.String()),
  createdAt: Timestamp,
});

export const EnrollmentStatus = Type.Enum(['active', 'completed', 'stopped_opted_out', 'canceled']);

/** An enrollment with where it stands: the step it runs next while active, else null. */
export const Enrollment = Type.Object({
  id: Type.String(),
  sequenceId: Type.String(),
  contactId: Type.String(),
  phone: Type.String(),
  status: EnrollmentStatus,
  stopReason: Nullable(Type.String()),
  stepsRun: Type.Integer(),
  nextStep: Nullable(Type.Object({ index: Type.Integer(), type: Type.Enum(['sms', 'call']), dueAt: Nullable(Timestamp) })),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  stoppedAt: Nullable(Timestamp),
  completedAt: Nullable(Timestamp),
});
