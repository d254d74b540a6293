import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../api/client.js';
import type { Contact, Page, Sequence } from '../api/types.js';
import { contactDisplayName } from '../format.js';
import { enroll, explainEnrollError } from './enroll.js';
import { Card, ErrorMessage } from './ui.js';
import { useApiData } from './use-api-data.js';

/** "Add to sequence" on a contact's page; refused up front for an opted-out contact or one awaiting review. */
export function AddToSequenceCard({ contact }: { contact: Contact }) {
  const sequences = useApiData((signal) => api.get<Page<Sequence>>('/sequences', { query: { limit: 200 }, signal }), []);
  const [chosen, setChosen] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string; sequenceId?: string } | null>(null);
  const who = contactDisplayName(contact);
  const items = sequences.data?.items ?? [];
  const selectedId = chosen || items[0]?.id || '';
  const blocked = contact.optedOut ? `${who} opted out, so no sequence may text or call them.` : contact.reviewPending ? `A reply from ${who} awaits review; sequences wait until a teammate decides.` : null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const sequence = items.find((s) => s.id === selectedId);
    if (!sequence) return;
    setBusy(true);
    setOutcome(null);
    try {
      await enroll(sequence.id, contact.id);
      setOutcome({ ok: true, text: `Added to “${sequence.name}”.`, sequenceId: sequence.id });
    } catch (error) {
      setOutcome({ ok: false, text: explainEnrollError(error, who, sequence.name) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card headingId="add-to-sequence-heading" title="Sequences">
      <ErrorMessage error={sequences.error} onRetry={sequences.reload} title="Could not load sequences." />
      {sequences.data && items.length === 0 ? (
        <p className="muted small">
          No sequences yet. <Link to="/sequences/new">Create one</Link> to text and call contacts automatically.
        </p>
      ) : null}
      {items.length > 0 ? (
        <form className="inline-form" onSubmit={submit}>
          <label htmlFor="add-to-sequence" className="visually-hidden">
            Sequence
          </label>
          <select id="add-to-sequence" value={selectedId} disabled={blocked !== null} onChange={(e) => setChosen(e.target.value)}>
            {items.map((sequence) => (
              <option key={sequence.id} value={sequence.id}>
                {sequence.name}
              </option>
            ))}
          </select>
          <button type="submit" className="button button-secondary" disabled={busy || blocked !== null}>
            {busy ? 'Adding…' : 'Add to sequence'}
          </button>
        </form>
      ) : null}
      {blocked && items.length > 0 ? <p className="muted small section-tight">{blocked}</p> : null}
      {outcome ? (
        <p className={`small section-tight ${outcome.ok ? 'text-ok' : 'text-error'}`} role={outcome.ok ? 'status' : 'alert'}>
          {outcome.text} {outcome.sequenceId ? <Link to={`/sequences/${outcome.sequenceId}`}>Open the sequence</Link> : null}
        </p>
      ) : null}
    </Card>
  );
}
