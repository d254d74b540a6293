import { useEffect, useRef, useState } from 'react';
import { api } from '../api/client.js';
import type { Page, ReviewItem } from '../api/types.js';
import { ReviewCard, type DecisionOutcome } from '../components/review-card.js';
import { reviewQueueChanged } from '../components/review-count.js';
import { ShowMoreButton, useShowMore } from '../components/show-more.js';
import { EmptyState, LoadStatus, PageHeader } from '../components/ui.js';
import { useApiData, useRefreshWhileVisible } from '../components/use-api-data.js';

const PAGE_SIZE = 50;
const REFRESH_MS = 30_000;

/** Replies that may mean stop, oldest first, each with the FCC clock and a decision. */
export function ReviewQueuePage() {
  const more = useShowMore(PAGE_SIZE);
  const queue = useApiData((signal) => api.get<Page<ReviewItem>>('/review-queue', { query: { limit: more.limit }, signal }), [more.limit]);
  const [outcome, setOutcome] = useState<DecisionOutcome | null>(null);
  const reload = queue.reload;
  const outcomeRef = useRef<HTMLDivElement>(null);
  // The decided card disappears: keyboard focus moves to the sentence saying what happened.
  useEffect(() => outcomeRef.current?.focus(), [outcome]);

  // The clock moves and teammates decide too: refresh now and then.
  useRefreshWhileVisible(reload, REFRESH_MS);

  // Decided here or, as a refused decision shows, elsewhere: gone from the list at once, not when the reload lands.
  const [decidedIds, setDecidedIds] = useState<ReadonlySet<string>>(new Set());

  function decided(id: string, result: DecisionOutcome) {
    setDecidedIds((ids) => new Set(ids).add(id));
    setOutcome(result);
    reload();
    reviewQueueChanged();
  }

  const items = (queue.data?.items ?? []).filter((item) => !decidedIds.has(item.id));
  return (
    <div className="page-narrow-content review-page">
      <PageHeader
        title="Review queue"
        subtitle="Replies that may mean stop: nobody texts or calls these numbers until someone decides, and the FCC allows 10 business days to honour a request to stop."
      />
      {outcome ? (
        <div ref={outcomeRef} tabIndex={-1} className={`callout ${outcome.kind === 'conflict' ? 'callout-warning' : 'callout-success'}`} role="status">
          {outcome.text}
        </div>
      ) : null}
      <LoadStatus source={queue} errorTitle="Could not load the review queue." loadingLabel="Loading the review queue…" />
      {queue.data !== null && items.length === 0 ? (
        <EmptyState title="Nothing waits for review.">
          <p>
            When a reply might mean stop — “not interested”, “enough”, “cancel it” — it appears here, and the number is not contacted until someone decides. Clear
            requests like STOP or “stop texting me” opt out on their own.
          </p>
        </EmptyState>
      ) : null}
      {items.length > 0 ? (
        <>
          <p className="muted small" aria-live="polite">
            {items.length} {items.length === 1 ? 'reply waits' : 'replies wait'} for a decision, oldest first.
          </p>
          <ol className="review-list" aria-label="Replies awaiting review">
            {items.map((item) => (
              <li key={item.id}>
                <ReviewCard item={item} onDecided={(result) => decided(item.id, result)} />
              </li>
            ))}
          </ol>
        </>
      ) : null}
      <ShowMoreButton list={queue} more={more} atMostLabel="Showing the oldest 200" />
      <p className="muted small section">
        Deciding “Opt out” records the opt-out with your note and sends the one confirmation text. “Not a revocation” lets texts and calls to the number resume.
        Every decision, with your name and note, is kept in the contact's consent history.
      </p>
    </div>
  );
}
