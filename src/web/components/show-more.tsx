import { useState } from 'react';

/** The API's largest page: these lists grow by asking again for a longer first page, so they stop here. */
const MAX_LIMIT = 200;

export interface ShowMore {
  limit: number;
  atMost: boolean;
  showMore(): void;
}

export function useShowMore(pageSize: number): ShowMore {
  const [limit, setLimit] = useState(pageSize);
  return { limit, atMost: limit >= MAX_LIMIT, showMore: () => setLimit((n) => Math.min(n + pageSize, MAX_LIMIT)) };
}

/** Shown only while the list has more; `atMostLabel` replaces the label once no more can be shown. */
export function ShowMoreButton({ list, more, atMostLabel }: { list: { data: { nextCursor: string | null } | null; loading: boolean }; more: ShowMore; atMostLabel?: string }) {
  if (!list.data?.nextCursor) return null;
  return (
    <div className="pager">
      <button type="button" className="button button-secondary" disabled={list.loading || more.atMost} onClick={more.showMore}>
        {more.atMost && atMostLabel ? atMostLabel : list.loading ? 'Loading…' : 'Show more'}
      </button>
    </div>
  );
}
