import { useEffect, useMemo, useRef } from 'react';
import type { ConversationItem, Message, User } from '../api/types.js';
import { describeConsentEvent, formatDateTime, messagePurposeLabel, messageStatusLabel } from '../format.js';
import { EmptyState } from './ui.js';

interface ConversationProps {
  items: ConversationItem[];
  users: Map<string, User>;
  contactName: string;
}

/** Texts, calls and consent changes in time order, oldest at the top, kept scrolled to the newest. */
export function Conversation({ items, users, contactName }: ConversationProps) {
  const listRef = useRef<HTMLOListElement>(null);
  const lastId = items.at(-1)?.id;
  const messages = useMemo(() => {
    const map = new Map<string, Message>();
    for (const item of items) if (item.kind === 'message') map.set(item.id, item);
    return map;
  }, [items]);

  useEffect(() => {
    const list = listRef.current;
    if (list) list.scrollTop = list.scrollHeight;
  }, [lastId]);

  if (items.length === 0) {
    return (
      <EmptyState title="No messages yet.">
        <p>Texts, calls and opt-out changes with {contactName} will appear here.</p>
      </EmptyState>
    );
  }

  return (
    <ol className="conversation" ref={listRef} aria-label={`Conversation with ${contactName}`} tabIndex={0}>
      {items.map((item) => {
        if (item.kind === 'message') {
          const purpose = messagePurposeLabel(item.purpose);
          const problem = item.status === 'failed' || item.status === 'canceled';
          const typist = item.simulated ? users.get(item.simulatedByUserId ?? '')?.name ?? 'a teammate' : null;
          return (
            <li key={`m-${item.id}`} className={`message message-${item.direction}${problem ? ' message-problem' : ''}${typist ? ' message-simulated' : ''}`}>
              <span className="visually-hidden">{item.direction === 'inbound' ? (typist ? `Simulated text, typed by ${typist}:` : `${contactName} wrote:`) : 'You sent:'}</span>
              <div className="message-bubble">{item.body}</div>
              <div className="message-meta">
                {typist ? <span className="badge badge-neutral">Simulated by {typist}</span> : null}
                {typist ? ' · ' : null}
                <time dateTime={item.createdAt}>{formatDateTime(item.status === 'scheduled' ? item.createdAt : item.sentAt ?? item.createdAt)}</time>
                {item.direction === 'outbound' ? <span> · {messageStatusLabel(item)}</span> : null}
                {purpose ? <span> · {purpose}</span> : null}
              </div>
            </li>
          );
        }
        if (item.kind === 'call') {
          return (
            <li key={`c-${item.id}`} className="event event-call">
              <span className="event-title">Call · {callStatusLabel(item.status)}</span>
              <span className="event-meta">
                <time dateTime={item.createdAt}>{formatDateTime(item.createdAt)}</time>
                {item.errorMessage ? ` · ${item.errorMessage}` : ''}
              </span>
            </li>
          );
        }
        const text = describeConsentEvent(item, users, messages);
        return (
          <li key={`e-${item.id}`} className={`event ${item.type === 'opted_out' ? 'event-opt-out' : 'event-opt-in'}`}>
            <span className="event-title">{text.title}</span>
            <span className="event-meta">
              <time dateTime={item.createdAt}>{formatDateTime(item.createdAt)}</time> · {text.actor}
            </span>
            {text.detail ? <span className="event-detail">{text.detail}</span> : null}
          </li>
        );
      })}
    </ol>
  );
}

function callStatusLabel(status: string): string {
  switch (status) {
    case 'queued':
      return 'Dialing…';
    case 'sent':
    case 'initiated':
      return 'Placed';
    case 'completed':
      return 'Completed';
    case 'failed':
      return 'Failed';
    case 'canceled':
      return 'Canceled — not placed';
    default:
      return status.charAt(0).toUpperCase() + status.slice(1);
  }
}
