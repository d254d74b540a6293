import { listConversation, type ConversationEntry } from '../../storage/repositories/conversation.repository.js';
import type { Page } from '../../storage/pagination.js';
import { requireContact } from '../contacts/contacts.js';
import type { AppDeps, Principal } from '../context.js';

/** A contact's messages, calls and consent events, oldest first. */
export async function listContactConversation(deps: AppDeps, principal: Principal, contactId: string, query: { limit: number; cursor?: string }): Promise<Page<ConversationEntry>> {
  const contact = await requireContact(deps.db, principal.organizationId, contactId);
  return listConversation(deps.db, principal.organizationId, contact.id, contact.phone, query.limit, query.cursor ?? null);
}
