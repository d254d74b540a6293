import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { api, ApiError } from '../api/client.js';
import type { Call, Contact } from '../api/types.js';
import { formatDate, formatPhone, optOutSummary } from '../format.js';
import { NoticePreview, useNoticePreview } from './notice-preview.js';
import { describeError } from './ui.js';

const MAX_LENGTH = 1600;

interface ComposerProps {
  contact: Contact;
  /** After a send or call was accepted, or refused because the number opted out: reload the page's data. */
  onChanged(): void;
}

/**
 * Texts or calls the contact. For an opted-out contact it says so before
 * anyone tries and both actions are off; should the server still refuse
 * (the contact opted out a moment ago), the refusal is explained in words.
 */
export function Composer({ contact, onChanged }: ComposerProps) {
  const [body, setBody] = useState('');
  const [later, setLater] = useState(false);
  const [sendAt, setSendAt] = useState('');
  const [busy, setBusy] = useState<'send' | 'call' | null>(null);
  const [feedback, setFeedback] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const warningId = useId();
  const held = !contact.optedOut && Boolean(contact.reviewPending);
  const blocked = contact.optedOut || held;
  const scheduledAt = later && sendAt && !Number.isNaN(new Date(sendAt).getTime()) ? new Date(sendAt).toISOString() : undefined;
  const notice = useNoticePreview(body, blocked ? undefined : contact.id, scheduledAt);

  function explain(error: unknown, action: 'text' | 'call'): string {
    if (error instanceof ApiError && error.code === 'contact_opted_out' && /review/i.test(error.message)) {
      return `${action === 'text' ? 'Not sent' : 'Not called'}: a reply from this contact may mean stop and awaits review. Nothing goes to this number until a teammate decides.`;
    }
    if (error instanceof ApiError && error.code === 'contact_opted_out') {
      return action === 'text'
        ? 'Not sent: this contact has opted out, so texts to this number are blocked. Nothing was sent.'
        : 'Not called: this contact has opted out, so calls to this number are blocked.';
    }
    return `${action === 'text' ? 'The message was not sent' : 'The call was not placed'}: ${describeError(error)}`;
  }

  async function send(event: FormEvent) {
    event.preventDefault();
    if (!body.trim()) {
      setFeedback({ kind: 'error', text: 'Write a message first.' });
      return;
    }
    let when: string | undefined;
    if (later) {
      const date = new Date(sendAt);
      if (!sendAt || Number.isNaN(date.getTime())) {
        setFeedback({ kind: 'error', text: 'Choose when to send the message.' });
        return;
      }
      when = date.toISOString();
    }
    setBusy('send');
    setFeedback(null);
    try {
      await api.post(`/contacts/${contact.id}/messages`, when ? { body, sendAt: when } : { body });
      setBody('');
      setLater(false);
      setSendAt('');
      setFeedback({ kind: 'ok', text: when ? 'Message scheduled.' : 'Message sent.' });
      onChanged();
    } catch (error) {
      setFeedback({ kind: 'error', text: explain(error, 'text') });
      if (error instanceof ApiError && error.code === 'contact_opted_out') onChanged();
    } finally {
      setBusy(null);
    }
  }

  async function call() {
    setBusy('call');
    setFeedback(null);
    try {
      const { call: placed } = await api.post<{ call: Call }>(`/contacts/${contact.id}/calls`, {});
      setFeedback({
        kind: 'ok',
        text: placed.connectTo ? `Ringing your phone ${formatPhone(placed.connectTo)} first; answer it and ${formatPhone(contact.phone)} is dialled.` : `Calling ${formatPhone(contact.phone)}…`,
      });
      onChanged();
    } catch (error) {
      setFeedback({ kind: 'error', text: explain(error, 'call') });
      if (error instanceof ApiError && error.code === 'contact_opted_out') onChanged();
    } finally {
      setBusy(null);
    }
  }

  return (
    <form className="composer" onSubmit={send} aria-label="Message composer">
      {contact.optedOut ? (
        <div className="callout callout-danger composer-warning" id={warningId}>
          <strong>This contact opted out and will not be messaged.</strong> Texts and calls to {formatPhone(contact.phone)} are blocked
          {contact.optOut ? ` since ${formatDate(contact.optOut.optedOutAt)} (${optOutSummary(contact.optOut)})` : ''}. They can opt back in by texting START.
        </div>
      ) : null}
      {held ? (
        <div className="callout callout-warning composer-warning" id={warningId}>
          <strong>This contact will not be messaged while a reply awaits review.</strong> A reply from them may mean stop, so texts and calls to{' '}
          {formatPhone(contact.phone)} are held until a teammate decides in the <Link to="/review-queue">review queue</Link>.
        </div>
      ) : null}
      <label htmlFor="composer-body" className="visually-hidden">
        Message
      </label>
      <textarea
        id="composer-body"
        rows={blocked ? 1 : 3}
        maxLength={MAX_LENGTH}
        placeholder={blocked ? 'Messaging is off for this contact' : 'Write a text message…'}
        value={body}
        disabled={blocked}
        aria-describedby={blocked ? warningId : undefined}
        onChange={(e) => setBody(e.target.value)}
        onKeyDown={(e) => {
          // Ctrl/⌘+Enter sends, like most chat tools.
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            e.currentTarget.form?.requestSubmit();
          }
        }}
      />
      {!blocked && body.trim() ? <NoticePreview preview={notice} /> : null}
      <div className="composer-row">
        <div className="composer-options">
          <label className="checkbox">
            <input type="checkbox" checked={later} disabled={blocked} onChange={(e) => setLater(e.target.checked)} /> Send later
          </label>
          {later ? (
            <label className="inline-field">
              <span className="visually-hidden">Send at</span>
              <input type="datetime-local" value={sendAt} onChange={(e) => setSendAt(e.target.value)} aria-label="Send at" />
            </label>
          ) : null}
          <span className="muted small" aria-live="polite">
            {body.length > 0 ? `${body.length}/${MAX_LENGTH}` : ''}
          </span>
        </div>
        <div className="composer-actions">
          <button type="button" className="button button-secondary" disabled={blocked || busy !== null} onClick={() => void call()}>
            {busy === 'call' ? 'Calling…' : 'Call'}
          </button>
          <button type="submit" className="button" disabled={blocked || busy !== null}>
            {busy === 'send' ? 'Sending…' : later ? 'Schedule' : 'Send'}
          </button>
        </div>
      </div>
      {feedback ? (
        <p className={`composer-feedback ${feedback.kind === 'error' ? 'text-error' : 'text-ok'}`} role={feedback.kind === 'error' ? 'alert' : 'status'}>
          {feedback.text}
        </p>
      ) : null}
    </form>
  );
}
