import { useState } from 'react';
import { api } from '../api/client.js';
import type { Contact, Page, Sequence } from '../api/types.js';
import { contactDisplayName, formatPhone } from '../format.js';
import { stepTiming, stepTypeLabel } from '../format-outreach.js';
import { enroll, explainEnrollError } from './enroll.js';
import { AwaitingReviewBadge, Card, ErrorMessage, OptedOutBadge } from './ui.js';
import { useApiData, useDebounced } from './use-api-data.js';

interface Props {
  sequence: Sequence;
  /** Contacts with an active enrollment here: offered, but marked as already enrolled. */
  activeContactIds: Set<string>;
  onEnrolled(): void;
}

/** Find a contact by name, email or phone and enroll them; opted-out contacts and those awaiting review are marked and refused up front. */
export function EnrollCard({ sequence, activeContactIds, onEnrolled }: Props) {
  const [query, setQuery] = useState('');
  const search = useDebounced(query.trim(), 250);
  const results = useApiData((signal) => api.get<Page<Contact>>('/contacts', { query: { search, limit: 6 }, signal }), [search]);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const first = sequence.steps[0];

  async function enrollContact(contact: Contact) {
    setBusyId(contact.id);
    setOutcome(null);
    const who = contactDisplayName(contact);
    try {
      await enroll(sequence.id, contact.id);
      const when = first ? `${stepTypeLabel(first.type).toLowerCase()} ${stepTiming(first, 0).toLowerCase()}` : '';
      setOutcome({ ok: true, text: `${who} is enrolled. First step: ${when}.` });
      onEnrolled();
    } catch (error) {
      setOutcome({ ok: false, text: explainEnrollError(error, who, sequence.name) });
      onEnrolled();
    } finally {
      setBusyId(null);
    }
  }

  const items = results.data?.items ?? [];
  return (
    <Card headingId="enroll-heading" title="Enroll a contact">
      <div className="field" role="search">
        <label htmlFor="enroll-search">Find a contact</label>
        <input id="enroll-search" type="search" placeholder="Name, email or phone" value={query} onChange={(e) => setQuery(e.target.value)} />
      </div>
      <ErrorMessage error={results.error} onRetry={results.reload} title="Could not search contacts." />
      {results.data !== null && items.length === 0 ? <p className="muted small section-tight">{search ? 'No contact matches.' : 'No contacts yet.'}</p> : null}
      {items.length > 0 ? (
        <ul className="pick-list" aria-label="Matching contacts">
          {items.map((contact) => {
            const who = contactDisplayName(contact);
            const enrolled = activeContactIds.has(contact.id);
            const refused = contact.optedOut || contact.reviewPending || enrolled;
            return (
              <li key={contact.id} className="pick-item">
                <span className="pick-who">
                  <span className="strong">{who}</span>
                  <span className="muted small">
                    {formatPhone(contact.phone)}{' '}
                    {contact.optedOut ? <OptedOutBadge /> : contact.reviewPending ? <AwaitingReviewBadge /> : enrolled ? <span className="badge badge-info">Enrolled</span> : null}
                  </span>
                </span>
                <button
                  type="button"
                  className="button button-small"
                  disabled={refused || busyId !== null}
                  aria-label={`Enroll ${who}`}
                  title={contact.optedOut ? 'Opted out: cannot be enrolled' : contact.reviewPending ? 'A reply awaits review' : enrolled ? 'Already enrolled' : undefined}
                  onClick={() => void enrollContact(contact)}
                >
                  {busyId === contact.id ? 'Enrolling…' : 'Enroll'}
                </button>
              </li>
            );
          })}
        </ul>
      ) : null}
      {outcome ? (
        <p className={`small section-tight ${outcome.ok ? 'text-ok' : 'text-error'}`} role={outcome.ok ? 'status' : 'alert'}>
          {outcome.text}
        </p>
      ) : null}
      <p className="muted small section-tight">Opted-out contacts and those whose reply awaits review cannot be enrolled.</p>
    </Card>
  );
}
