import { appendNotice, decideOptOutNotice, type NoticeDecision } from '../../domain/opt-out-notice.js';
import type { OptOutSettings } from '../../domain/opt-out-settings.js';
import type { OutboundPurpose } from '../../domain/send-gate.js';
import type { Executor } from '../../storage/executor.js';
import { findLastOutreachTextAt } from '../../storage/repositories/messages.repository.js';
import { requireContact } from '../contacts/contacts.js';
import type { AppDeps, Principal } from '../context.js';
import { loadOrganization } from '../organization.js';

/**
 * The body an outreach text goes out with: the organization's opt-out notice
 * appended when it is the first text to the number or the first after 30
 * days (rule 14). Asked inside the transaction that holds the number's lock
 * and writes the text, so two texts queued at once cannot both count as first.
 */
export async function bodyWithOptOutNotice(db: Executor, settings: OptOutSettings, organizationId: string, phone: string, body: string, purpose: OutboundPurpose, at: Date): Promise<string> {
  const lastTextAt = await findLastOutreachTextAt(db, organizationId, phone, at.toISOString());
  return appendNotice(body, decideOptOutNotice({ settings, purpose, body, lastTextAt, at }));
}

/** What the composer shows before sending: the notice a text with this body to this contact would get now. */
export async function previewOptOutNotice(deps: AppDeps, principal: Principal, input: { body: string; contactId?: string | null | undefined; sendAt?: string | null | undefined }): Promise<NoticeDecision> {
  const { settings } = await loadOrganization(deps.db, principal.organizationId);
  const at = input.sendAt && !Number.isNaN(Date.parse(input.sendAt)) && Date.parse(input.sendAt) > deps.clock().getTime() ? new Date(input.sendAt) : deps.clock();
  // Without a contact (the sequence editor) the question is what a first text gets.
  const lastTextAt = input.contactId
    ? await findLastOutreachTextAt(deps.db, principal.organizationId, (await requireContact(deps.db, principal.organizationId, input.contactId)).phone, at.toISOString())
    : null;
  return decideOptOutNotice({ settings, purpose: input.contactId ? 'manual' : 'sequence', body: input.body, lastTextAt, at });
}
