import { Link } from 'react-router-dom';
import { api } from '../api/client.js';
import type { Contact, Page, ReviewItem } from '../api/types.js';
import { reviewCountdown } from '../format-outreach.js';
import { truncate } from '../format.js';
import { useApiData } from './use-api-data.js';

/**
 * On a contact whose reply awaits review: which reply, the FCC clock, and
 * that nobody contacts them meanwhile, with a link to the review queue.
 */
export function ReviewPendingBanner({ contact }: { contact: Contact }) {
  // The queue has no per-contact filter: read its first 200 (oldest first) and pick this number's replies.
  const queue = useApiData((signal) => api.get<Page<ReviewItem>>('/review-queue', { query: { limit: 200 }, signal }), [contact.id, contact.updatedAt]);
  const mine = (queue.data?.items ?? []).filter((item) => item.contact?.id === contact.id || item.phone === contact.phone);
  const first = mine[0];
  const countdown = first ? reviewCountdown(first) : null;

  return (
    <div className="callout callout-warning review-banner">
      <strong>Awaiting review.</strong>{' '}
      {first ? (
        <>
          {mine.length > 1 ? `${mine.length} replies, the first ` : 'The reply '}“{truncate(first.body, 120)}” may mean stop, so
        </>
      ) : (
        'A recent reply may mean stop, so'
      )}{' '}
      nobody texts or calls this contact until a teammate decides
      {countdown ? <span className={countdown.urgent ? 'text-error' : undefined}> ({countdown.text})</span> : null}.{' '}
      <Link to="/review-queue">Open the review queue</Link>
    </div>
  );
}
