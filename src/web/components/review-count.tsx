import { useEffect, useState } from 'react';
import { useLocation } from 'react-router-dom';
import { api } from '../api/client.js';
import type { Page, ReviewItem } from '../api/types.js';

const REFRESH_MS = 30_000;
const LIMIT = 200;
const listeners = new Set<() => void>();

/** Tell the navigation badge that the queue changed (a decision, or a reply set aside for review). */
export function reviewQueueChanged(): void {
  for (const listener of listeners) listener();
}

/** How many replies await review (null until known; `more` when there are over 200). */
export function useReviewCount(): { count: number; more: boolean } | null {
  const [state, setState] = useState<{ count: number; more: boolean } | null>(null);
  const [version, setVersion] = useState(0);
  const { pathname } = useLocation();

  useEffect(() => {
    const bump = () => setVersion((n) => n + 1);
    listeners.add(bump);
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') bump();
    }, REFRESH_MS);
    return () => {
      listeners.delete(bump);
      clearInterval(timer);
    };
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    api.get<Page<ReviewItem>>('/review-queue', { query: { limit: LIMIT }, signal: controller.signal }).then(
      (page) => setState({ count: page.items.length, more: page.nextCursor !== null }),
      () => undefined, // The badge is a hint; the queue page itself reports errors.
    );
    return () => controller.abort();
  }, [version, pathname]);

  return state;
}

/** The count next to "Review queue" in the navigation; nothing when the queue is empty. */
export function ReviewCountBadge() {
  const state = useReviewCount();
  if (!state || state.count === 0) return null;
  const shown = state.more ? `${LIMIT}+` : String(state.count);
  return (
    <>
      <span className="nav-badge" aria-hidden="true">
        {shown}
      </span>
      <span className="visually-hidden">, {shown} waiting</span>
    </>
  );
}
