import { useEffect, useMemo, useRef, useState } from 'react';
import { api } from '../api/client.js';
import type { Call, ConversationItem, Message, User } from '../api/types.js';
import { describeConsentEvent, formatDateTime, formatPhone, messagePurposeLabel, messageStatusLabel } from '../format.js';
import { describeError, EmptyState } from './ui.js';

interface ConversationProps {
  items: ConversationItem[];
  users: Map<string, User>;
  contactName: string;
  /** The contact is opted out already: calls offer no opt-out button. */
  optedOut?: boolean;
  /** After a teammate recorded an opt-out said on a call: reload the page's data. */
  onChanged?(): void;
}

/** Texts, calls and consent changes in time order, oldest at the top, kept scrolled to the newest. */
export function Conversation({ items, users, contactName, optedOut = false, onChanged }: ConversationProps) {
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
          return (
            <li key={`m-${item.id}`} className={`message message-${item.direction}${problem ? ' message-problem' : ''}`}>
              <span className="visually-hidden">{item.direction === 'inbound' ? `${contactName} wrote:` : 'You sent:'}</span>
              <div className="message-bubble">{item.body}</div>
              <div className="message-meta">
                <time dateTime={item.createdAt}>{formatDateTime(item.status === 'scheduled' ? item.createdAt : item.sentAt ?? item.createdAt)}</time>
                {item.direction === 'outbound' ? <span> · {messageStatusLabel(item)}</span> : null}
                {purpose ? <span> · {purpose}</span> : null}
              </div>
            </li>
          );
        }
        if (item.kind === 'call') {
          return <CallCard key={`c-${item.id}`} call={item} users={users} contactName={contactName} optedOut={optedOut} onChanged={onChanged} />;
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

/** Statuses after which the person has been on the line (or could have been): the opt-out button is offered. */
const REACHED = new Set(['ringing', 'in-progress', 'completed', 'busy', 'no-answer', 'failed']);

/** One call in the conversation: who called whom, how it went and for how long, and the one-click opt-out for what was said on it. */
function CallCard({ call, users, contactName, optedOut, onChanged }: { call: Call; users: Map<string, User>; contactName: string; optedOut: boolean; onChanged?: (() => void) | undefined }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const caller = call.createdByUserId ? users.get(call.createdByUserId)?.name ?? 'A teammate' : null;
  const title =
    call.mode === 'inbound'
      ? `${contactName} called`
      : call.mode === 'voice_message'
        ? `Automated call to ${contactName}`
        : `${caller ?? 'A teammate'} called ${contactName}`;

  async function optOut() {
    setBusy(true);
    setError(null);
    try {
      await api.post(`/calls/${call.id}/opt-out`, {});
      onChanged?.();
    } catch (failure) {
      setError(`Not recorded: ${describeError(failure)}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className={`event event-call call-${call.status}`} data-testid="call-card">
      <span className="event-title">
        {title} · <span className="call-status">{callStatusLabel(call.status)}</span>
        {call.durationSeconds ? <span className="call-duration"> · {formatDuration(call.durationSeconds)}</span> : null}
      </span>
      <span className="event-meta">
        <time dateTime={call.createdAt}>{formatDateTime(call.createdAt)}</time>
        {call.mode === 'bridge' && call.connectTo ? ` · rang ${formatPhone(call.connectTo)} first` : ''}
        {call.errorMessage ? ` · ${call.errorMessage}` : ''}
      </span>
      {call.voiceMessage ? <span className="event-detail">Said: “{call.voiceMessage}”, then offered the keypress opt-out</span> : null}
      {!optedOut && REACHED.has(call.status) ? (
        <span className="call-actions">
          <button type="button" className="button button-small button-danger-outline" disabled={busy} onClick={() => void optOut()}>
            {busy ? 'Recording…' : 'Asked not to be called or texted'}
          </button>
        </span>
      ) : null}
      {error ? (
        <span className="text-error small" role="alert">
          {error}
        </span>
      ) : null}
    </li>
  );
}

function formatDuration(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  return minutes > 0 ? `${minutes} min ${seconds % 60} s` : `${seconds} s`;
}

function callStatusLabel(status: string): string {
  switch (status) {
    case 'queued':
      return 'Dialing…';
    case 'sent':
    case 'initiated':
      return 'Placed';
    case 'ringing':
      return 'Ringing';
    case 'in-progress':
      return 'In progress';
    case 'completed':
      return 'Completed';
    case 'busy':
      return 'Busy';
    case 'no-answer':
      return 'No answer';
    case 'failed':
      return 'Failed';
    case 'canceled':
      return 'Canceled — not connected';
    default:
      return status.charAt(0).toUpperCase() + status.slice(1);
  }
}
