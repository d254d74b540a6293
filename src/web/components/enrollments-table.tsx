import { Link } from 'react-router-dom';
import type { Enrollment, Sequence } from '../api/types.js';
import { contactDisplayName, formatDate, formatDateTime, formatPhone } from '../format.js';
import { enrollmentStatus, relativeFuture, stepTypeLabel } from '../format-outreach.js';
import { CardTable } from './ui.js';
import { useContacts } from './use-contacts.js';

/** A sequence's enrollments, in words: who, the status, how far along, and the next step with its due time. */
export function EnrollmentsTable({ sequence, enrollments }: { sequence: Sequence; enrollments: Enrollment[] }) {
  const contacts = useContacts(enrollments.map((e) => e.contactId));
  return (
    <CardTable
      caption={<>Enrollments in {sequence.name}, oldest first</>}
      columns={['Contact', 'Status', 'Progress', 'Next step']}
      className="enrollments-table"
    >
      {enrollments.map((enrollment) => {
        const contact = contacts.get(enrollment.contactId);
        const status = enrollmentStatus(enrollment.status);
        return (
          <tr key={enrollment.id}>
            <td data-label="Contact">
              <Link to={`/contacts/${enrollment.contactId}`} className="strong-link">
                {contact ? contactDisplayName(contact) : formatPhone(enrollment.phone)}
              </Link>
              {contact?.name ? <div className="muted small">{formatPhone(enrollment.phone)}</div> : null}
            </td>
            <td data-label="Status">
              <span className="status-cell">
                <span className={`badge ${status.badge}`}>{status.label}</span>
                <span className="muted small">{statusDetail(enrollment)}</span>
              </span>
            </td>
            <td data-label="Progress">
              {enrollment.stepsRun} of {sequence.steps.length} {sequence.steps.length === 1 ? 'step' : 'steps'} done
            </td>
            <td data-label="Next step">{nextStepText(enrollment, sequence)}</td>
          </tr>
        );
      })}
    </CardTable>
  );
}

function statusDetail(enrollment: Enrollment): string {
  switch (enrollment.status) {
    case 'stopped_opted_out':
      return `Stopped ${formatDateTime(enrollment.stoppedAt)}; nothing more will be sent.`;
    case 'completed':
      return `Finished ${formatDateTime(enrollment.completedAt)}`;
    case 'canceled': {
      const why =
        enrollment.stopReason === 'contact_phone_changed'
          ? ': the contact’s phone number changed'
          : enrollment.stopReason === 'contact_deleted'
            ? ': the contact was deleted'
            : '';
      return `Canceled ${formatDateTime(enrollment.stoppedAt ?? enrollment.updatedAt)}${why}`;
    }
    default:
      return `Enrolled ${formatDate(enrollment.createdAt)}`;
  }
}

function nextStepText(enrollment: Enrollment, sequence: Sequence): string {
  if (enrollment.status !== 'active') return enrollment.status === 'stopped_opted_out' ? 'None — stopped because the contact opted out' : 'None';
  const next = enrollment.nextStep;
  if (!next) return 'Running the last step…';
  const step = sequence.steps[next.index];
  const label = `Step ${next.index + 1} of ${sequence.steps.length}: ${stepTypeLabel(step?.type ?? next.type)}`;
  return next.dueAt === null ? label : `${label} — ${formatDateTime(next.dueAt)} (${relativeFuture(next.dueAt)})`;
}
