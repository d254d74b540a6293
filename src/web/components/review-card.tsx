import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { api, ApiError } from '../api/client.js';
import type { ReviewDecision, ReviewItem } from '../api/types.js';
import { contactDisplayName, formatDateTime, formatPhone } from '../format.js';
import { reviewCountdown } from '../format-outreach.js';
import { useSession } from '../session/session.js';
import { describeError, Field } from './ui.js';

export interface DecisionOutcome {
  kind: 'decided' | 'conflict';
  text: string;
}

interface Props {
  item: ReviewItem;
  onDecided(outcome: DecisionOutcome): void;
}

/** One reply awaiting review: the exact text, who sent it, the rule, the FCC clock, and the two decisions with a note. */
export function ReviewCard({ item, onDecided }: Props) {
  const { isAdmin } = useSession();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState<ReviewDecision | null>(null);
  const [error, setError] = useState<string | null>(null);
  const headingId = useId();
  const noteId = useId();
  const countdown = reviewCountdown(item);
  const who = item.contact ? contactDisplayName(item.contact) : formatPhone(item.phone);

  async function decide(decision: ReviewDecision, event?: FormEvent) {
    event?.preventDefault();
    if (!note.trim()) {
      setError('Write a note first: why you decided this way. It is kept as evidence.');
      document.getElementById(noteId)?.focus();
      return;
    }
    setBusy(decision);
    setError(null);
    try {
      await api.post(`/review-queue/${item.id}`, { decision, note: note.trim() });
      onDecided({
        kind: 'decided',
        text:
          decision === 'opt_out'
            ? `${who} is now opted out; the confirmation text is on its way. Nobody will text or call ${formatPhone(item.phone)}.`
            : `Kept ${who} subscribed: “${item.body}” was not a request to stop. Texts and calls to ${formatPhone(item.phone)} can resume.`,
      });
    } catch (failure) {
      setBusy(null);
      if (failure instanceof ApiError && failure.status === 409) {
        onDecided({ kind: 'conflict', text: `Someone already decided the reply from ${who} (“${item.body}”), so yours was not recorded. The list has been refreshed.` });
        return;
      }
      setError(`Not decided: ${describeError(failure)}`);
    }
  }

  return (
    <article className={`card review-card${countdown.urgent ? ' review-card-urgent' : ''}`} aria-labelledby={headingId}>
      <header className="review-card-header">
        <h2 id={headingId} className="review-who">
          {item.contact ? (
            <Link to={`/contacts/${item.contact.id}`} className="strong-link">
              {who}
            </Link>
          ) : (
            who
          )}
          {item.contact?.name ? <span className="review-phone"> · {formatPhone(item.phone)}</span> : null}
        </h2>
        <p className={`review-countdown${countdown.urgent ? ' is-urgent' : ''}`}>{countdown.text}</p>
      </header>
      <blockquote className="review-text" aria-label={`What ${who} wrote`}>
        {item.body}
      </blockquote>
      <p className="muted small review-meta">
        Received <time dateTime={item.receivedAt}>{formatDateTime(item.receivedAt)}</time> · flagged by rule <code>{item.rule}</code>
        {item.language && item.language !== 'en' ? ` · language ${item.language}` : ''}
      </p>
      <form className="form review-decision" onSubmit={(event) => void decide('opt_out', event)}>
        <Field label="Note on your decision" htmlFor={noteId}>
          <textarea
            id={noteId}
            rows={2}
            maxLength={1000}
            required
            placeholder="e.g. Means they do not want more texts"
            value={note}
            aria-invalid={error !== null && !note.trim()}
            onChange={(e) => setNote(e.target.value)}
          />
        </Field>
        {error ? (
          <p className="text-error small" role="alert">
            {error}
          </p>
        ) : null}
        <div className="form-actions">
          <button type="submit" className="button button-danger" disabled={busy !== null}>
            {busy === 'opt_out' ? 'Opting out…' : 'Opt out'}
          </button>
          {isAdmin ? (
            <button type="button" className="button button-secondary" disabled={busy !== null} onClick={() => void decide('not_a_revocation')}>
              {busy === 'not_a_revocation' ? 'Saving…' : 'Not a revocation'}
            </button>
          ) : null}
        </div>
        {!isAdmin ? <p className="muted small">Only owners and admins can release a number as “not a revocation”; anyone can opt it out.</p> : null}
      </form>
    </article>
  );
}
