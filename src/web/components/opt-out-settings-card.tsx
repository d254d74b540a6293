import { useState, type FormEvent } from 'react';
import { api } from '../api/client.js';
import type { Contact } from '../api/types.js';
import { formatDateTime, formatPhone, optOutSummary, sourceLabel } from '../format.js';
import { useSession } from '../session/session.js';
import { Dialog } from './dialog.js';
import { AwaitingReviewBadge, Card, ErrorMessage, Field, FormActions, OptedOutBadge } from './ui.js';
import { useSubmit } from './use-submit.js';

interface Props {
  contact: Contact;
  onChanged(contact: Contact): void;
}

/** The contact's consent state, with "Opt Out" for anyone and "Opt In" for owners and admins only. */
export function OptOutSettingsCard({ contact, onChanged }: Props) {
  const { isAdmin } = useSession();
  const [dialog, setDialog] = useState<'opt-out' | 'opt-in' | null>(null);
  const [done, setDone] = useState<string | null>(null);

  function finished(message: string) {
    return (updated: Contact) => {
      setDialog(null);
      setDone(message);
      onChanged(updated);
    };
  }

  return (
    <Card headingId="opt-out-settings-heading" title="Opt-Out Settings">
      {contact.optedOut ? (
        <div className="consent-state">
          <p>
            <OptedOutBadge /> since {formatDateTime(contact.optOut?.optedOutAt)}
          </p>
          {contact.optOut ? (
            <dl className="facts">
              <dt>Why</dt>
              <dd>{optOutSummary(contact.optOut)}</dd>
              <dt>Source</dt>
              <dd>
                {sourceLabel(contact.optOut.source)}
                {contact.optOut.keyword ? ` · keyword ${contact.optOut.keyword}` : ''}
              </dd>
            </dl>
          ) : null}
          {isAdmin ? (
            <button type="button" className="button button-secondary" onClick={() => setDialog('opt-in')}>
              Opt In
            </button>
          ) : (
            <p className="muted small">Only an owner or admin can opt this contact back in, and only when the contact asks. The contact can also text START.</p>
          )}
        </div>
      ) : (
        <div className="consent-state">
          {contact.reviewPending ? (
            <p>
              <AwaitingReviewBadge /> Texts and calls are held until a teammate decides on a reply that may mean stop.
            </p>
          ) : (
            <p>
              <span className="badge badge-ok">Subscribed</span> Texts and calls are allowed.
            </p>
          )}
          <button type="button" className="button button-danger-outline" onClick={() => setDialog('opt-out')}>
            Opt Out
          </button>
        </div>
      )}
      {done ? (
        <p className="text-ok small" role="status">
          {done}
        </p>
      ) : null}

      {dialog === 'opt-out' ? (
        <OptOutDialog contact={contact} onClose={() => setDialog(null)} onDone={finished('Opted out. No texts or calls will go to this number.')} />
      ) : null}
      {dialog === 'opt-in' ? (
        <OptInDialog contact={contact} onClose={() => setDialog(null)} onDone={finished('Opted back in. The note is kept in the consent history.')} />
      ) : null}
    </Card>
  );
}

function OptOutDialog({ contact, onClose, onDone }: { contact: Contact; onClose(): void; onDone(contact: Contact): void }) {
  const [reason, setReason] = useState('');
  const { busy, error, submit } = useSubmit({ keepBusy: true });
  const optOut = submit(async () => onDone(await api.post<Contact>(`/contacts/${contact.id}/opt-out`, { reason: reason.trim() || null })));

  return (
    <Dialog title="Opt out this contact" onClose={onClose}>
      <form className="form" onSubmit={optOut}>
        <p>
          No texts or calls will go to {formatPhone(contact.phone)} from now on — manual, scheduled and automated alike. The contact, notes and history are kept.
        </p>
        <Field label="Reason" htmlFor="opt-out-reason">
          <textarea
            id="opt-out-reason"
            rows={3}
            maxLength={500}
            placeholder="e.g. Asked on a call not to be contacted again"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            autoFocus
          />
        </Field>
        <ErrorMessage error={error} />
        <FormActions busy={busy} busyLabel="Opting out…" className="button button-danger" onCancel={onClose}>
          Opt out
        </FormActions>
      </form>
    </Dialog>
  );
}

function OptInDialog({ contact, onClose, onDone }: { contact: Contact; onClose(): void; onDone(contact: Contact): void }) {
  const [asked, setAsked] = useState(false);
  const [note, setNote] = useState('');
  const { busy, error, setError, submit } = useSubmit({ keepBusy: true });
  const ready = asked && note.trim().length > 0;
  const optIn = submit(async () => onDone(await api.post<Contact>(`/contacts/${contact.id}/opt-in`, { attestation: 'contact_requested', note: note.trim() })));

  function confirm(event: FormEvent) {
    if (ready) {
      optIn(event);
      return;
    }
    event.preventDefault();
    setError(!asked ? 'Tick the box to confirm the contact asked to receive messages again.' : 'Write a note saying how and when the contact asked.');
  }

  return (
    <Dialog title="Opt this contact back in" onClose={onClose}>
      <form className="form" onSubmit={confirm}>
        <div className="callout callout-warning">
          <p>
            <strong>Only opt a contact back in when they genuinely asked to receive messages again</strong> — for example they called, emailed or texted to ask.
          </p>
          <p>
            Messaging someone who opted out without their request breaks the law (TCPA) and carrier rules. Your name, the time and your note are kept in the
            consent history.
          </p>
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={asked} onChange={(e) => setAsked(e.target.checked)} autoFocus />
          The contact asked to receive messages again
        </label>
        <Field label="Note" htmlFor="opt-in-note" hint={<>How and when did {contact.name?.trim() || formatPhone(contact.phone)} ask?</>}>
          <textarea
            id="opt-in-note"
            rows={3}
            maxLength={500}
            required
            aria-describedby="opt-in-note-hint"
            placeholder="e.g. Called on May 3 and asked to get texts about the install again"
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        </Field>
        <ErrorMessage error={error} />
        {!ready ? <p className="muted small">Tick the box and write a note to confirm.</p> : null}
        <FormActions busy={busy} busyLabel="Opting in…" disabled={!ready} onCancel={onClose}>
          Confirm opt-in
        </FormActions>
      </form>
    </Dialog>
  );
}
