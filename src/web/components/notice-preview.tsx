import { useEffect, useState } from 'react';
import { api } from '../api/client.js';
import type { NoticePreview as Preview } from '../api/types.js';

const WAIT_MS = 250;

/** The opt-out notice a text with this body would get, asked of the server a moment after typing stops. */
export function useNoticePreview(body: string, contactId?: string, sendAt?: string): Preview | null {
  const [preview, setPreview] = useState<Preview | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(() => {
      api
        .post<Preview>('/opt-out-notice/preview', { body, ...(contactId ? { contactId } : {}), ...(sendAt ? { sendAt } : {}) }, { signal: controller.signal })
        .then(setPreview, () => undefined);
    }, WAIT_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [body, contactId, sendAt]);
  return preview;
}

/** "Adds: Reply STOP to opt out." under a text being written, or why nothing is added when that matters. */
export function NoticePreview({ preview, firstTextOnly }: { preview: Preview | null; firstTextOnly?: boolean }) {
  if (!preview) return null;
  if (preview.notice) {
    return (
      <p className="notice-preview small" data-testid="notice-preview">
        {firstTextOnly ? 'On a contact’s first text (and the first after 30 days) this adds: ' : 'This is a first text, so it ends with: '}
        <q className="notice-text">{preview.notice}</q>
      </p>
    );
  }
  if (preview.reason === 'already_in_body') {
    return (
      <p className="notice-preview muted small" data-testid="notice-preview">
        The text says how to opt out, so no notice is added.
      </p>
    );
  }
  return null;
}
