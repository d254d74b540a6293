import { api, ApiError } from '../api/client.js';
import type { Enrollment } from '../api/types.js';
import { describeError } from './ui.js';

/** Enrolls a contact in a sequence (POST /sequences/:id/enrollments). */
export function enroll(sequenceId: string, contactId: string): Promise<Enrollment> {
  return api.post<Enrollment>(`/sequences/${sequenceId}/enrollments`, { contactId });
}

/** Why an enrollment was refused, in words: opted out, awaiting review, already enrolled, or the server's sentence. */
export function explainEnrollError(error: unknown, who: string, sequenceName: string): string {
  if (error instanceof ApiError && error.code === 'contact_opted_out') {
    return /review/i.test(error.message)
      ? `Not added: a reply from ${who} may mean stop and awaits review. Nobody may text or call them — a sequence neither — until a teammate decides.`
      : `Not added: ${who} opted out, so no sequence may text or call them.`;
  }
  if (error instanceof ApiError && error.status === 409) {
    return `Not added: ${who} is already enrolled in “${sequenceName}” and has not finished it.`;
  }
  return `Not added: ${describeError(error)}`;
}
