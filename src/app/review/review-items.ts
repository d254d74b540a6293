import { findContactsByIds } from '../../storage/repositories/contacts.repository.js';
import { listPendingReviewItems } from '../../storage/repositories/review.repository.js';
import type { Page } from '../../storage/pagination.js';
import type { ContactRow, ReviewItemRow } from '../../storage/schema.js';
import type { AppDeps, Principal } from '../context.js';
import { decideReviewItem, type ReviewDecision } from './review-queue.js';

/** A reply awaiting (or past) review, with the contact it came from, if any. */
export interface ReviewItemView {
  item: ReviewItemRow;
  contact: ContactRow | null;
}

/** The pending replies, oldest first, with their contacts: two queries whatever the page size. */
export async function listReviewItems(deps: AppDeps, principal: Principal, query: { limit: number; cursor?: string }): Promise<Page<ReviewItemView>> {
  const page = await listPendingReviewItems(deps.db, principal.organizationId, query.limit, query.cursor ?? null);
  return { items: await withContacts(deps, principal.organizationId, page.items), nextCursor: page.nextCursor };
}

/** Decides a reply (see decideReviewItem) and returns it as the queue shows it. */
export async function decideReview(deps: AppDeps, principal: Principal, id: string, input: ReviewDecision): Promise<ReviewItemView> {
  const [view] = await withContacts(deps, principal.organizationId, [await decideReviewItem(deps, principal, id, input)]);
  return view!;
}

async function withContacts(deps: AppDeps, organizationId: string, items: ReviewItemRow[]): Promise<ReviewItemView[]> {
  const ids = items.flatMap((item) => (item.contact_id ? [item.contact_id] : []));
  const contacts = new Map((await findContactsByIds(deps.db, organizationId, ids)).map((contact) => [contact.id, contact]));
  return items.map((item) => ({ item, contact: (item.contact_id && contacts.get(item.contact_id)) || null }));
}
