import type { Static } from 'typebox';
import { businessDaysBetween } from '../../domain/business-days.js';
import type { ReviewItemView } from '../../app/review/review-items.js';
import type { ReviewItem } from './review.schema.js';

/** A reply awaiting review, with the time left to decide it as of `now`. */
export function presentReviewItem({ item, contact }: ReviewItemView, now: Date): Static<typeof ReviewItem> {
  const deadline = new Date(item.deadline);
  return {
    id: item.id,
    messageId: item.message_id,
    phone: item.phone,
    contact: contact ? { id: contact.id, name: contact.name, email: contact.email, phone: contact.phone } : null,
    body: item.body,
    rule: item.rule,
    language: item.language,
    receivedAt: item.received_at,
    deadline: item.deadline,
    timeLeftMs: deadline.getTime() - now.getTime(),
    businessDaysLeft: businessDaysBetween(now, deadline),
    overdue: deadline.getTime() < now.getTime(),
    status: item.status,
    note: item.note,
    decidedBy: item.decided_by_user_id,
    decidedAt: item.decided_at,
  };
}
