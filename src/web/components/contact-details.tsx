import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../api/client.js';
import type { Contact } from '../api/types.js';
import { formatDateTime, formatPhone } from '../format.js';
import { ContactForm } from './contact-form.js';
import { Card, ErrorMessage, Field } from './ui.js';

interface Props {
  contact: Contact;
  onSaved(contact: Contact): void;
}

/** Name, phone and email, shown, with an Edit form. */
export function DetailsCard({ contact, onSaved }: Props) {
  const [editing, setEditing] = useState(false);
  return (
    <section className="card" aria-labelledby="details-heading">
      <div className="card-title-row">
        <h2 id="details-heading" className="card-title">
          Details
        </h2>
        {editing ? null : (
          <button type="button" className="button button-small button-secondary" onClick={() => setEditing(true)}>
            Edit details
          </button>
        )}
      </div>
      {editing ? (
        <ContactForm
          initial={contact}
          withTagsAndNotes={false}
          submitLabel="Save details"
          onCancel={() => setEditing(false)}
          onSubmit={async (values) => {
            const updated = await api.patch<Contact>(`/contacts/${contact.id}`, values);
            setEditing(false);
            onSaved(updated);
          }}
        />
      ) : (
        <dl className="facts">
          <dt>Name</dt>
          <dd>{contact.name ?? <span className="muted">No name</span>}</dd>
          <dt>Phone</dt>
          <dd>{formatPhone(contact.phone)}</dd>
          <dt>Email</dt>
          <dd>{contact.email ?? <span className="muted">—</span>}</dd>
          <dt>Added</dt>
          <dd>{formatDateTime(contact.createdAt)}</dd>
        </dl>
      )}
    </section>
  );
}

/** Notes and tags, each saved on its own so one edit never overwrites the other. */
export function NotesAndTagsCard({ contact, onSaved }: Props) {
  const [notes, setNotes] = useState(contact.notes ?? '');
  const [savedNotes, setSavedNotes] = useState(contact.notes ?? '');
  const [newTag, setNewTag] = useState('');
  const [busy, setBusy] = useState<'notes' | 'tags' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState<string | null>(null);
  const dirty = notes !== savedNotes;

  // Take in notes changed elsewhere, unless the user is in the middle of editing them.
  useEffect(() => {
    const server = contact.notes ?? '';
    if (!dirty && server !== savedNotes) {
      setNotes(server);
      setSavedNotes(server);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [contact.notes]);

  async function save(change: { notes?: string | null; tags?: string[] }, what: 'notes' | 'tags', message: string) {
    setBusy(what);
    setError(null);
    setStatus(null);
    try {
      const updated = await api.patch<Contact>(`/contacts/${contact.id}`, change);
      if (what === 'notes') setSavedNotes(updated.notes ?? '');
      setStatus(message);
      onSaved(updated);
      return true;
    } catch (failure) {
      setError(failure);
      return false;
    } finally {
      setBusy(null);
    }
  }

  async function saveNotes(event: FormEvent) {
    event.preventDefault();
    await save({ notes: notes.trim() || null }, 'notes', 'Notes saved.');
  }

  async function addTag(event: FormEvent) {
    event.preventDefault();
    const tag = newTag.trim();
    if (!tag) return;
    if (contact.tags.includes(tag)) {
      setNewTag('');
      return;
    }
    if (await save({ tags: [...contact.tags, tag] }, 'tags', `Tag “${tag}” added.`)) setNewTag('');
  }

  return (
    <Card headingId="notes-heading" title="Notes and tags">
      <form className="form" onSubmit={saveNotes}>
        <Field label="Notes" htmlFor="contact-notes-editor">
          <textarea id="contact-notes-editor" rows={4} maxLength={10000} value={notes} onChange={(e) => setNotes(e.target.value)} />
        </Field>
        <div className="form-actions">
          <button type="submit" className="button button-small" disabled={!dirty || busy !== null}>
            {busy === 'notes' ? 'Saving…' : 'Save notes'}
          </button>
          {dirty ? <span className="muted small">Unsaved changes</span> : null}
        </div>
      </form>

      <div className="field">
        <span className="label" id="tags-label">
          Tags
        </span>
        {contact.tags.length ? (
          <ul className="tags tag-list" aria-labelledby="tags-label">
            {contact.tags.map((tag) => (
              <li key={tag} className="tag tag-removable">
                {tag}
                <button
                  type="button"
                  className="tag-remove"
                  aria-label={`Remove tag ${tag}`}
                  disabled={busy !== null}
                  onClick={() => void save({ tags: contact.tags.filter((t) => t !== tag) }, 'tags', `Tag “${tag}” removed.`)}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted small">No tags yet.</p>
        )}
      </div>
      <form className="inline-form" onSubmit={addTag}>
        <label htmlFor="new-tag" className="visually-hidden">
          New tag
        </label>
        <input id="new-tag" placeholder="Add a tag" maxLength={100} value={newTag} onChange={(e) => setNewTag(e.target.value)} />
        <button type="submit" className="button button-small button-secondary" disabled={busy !== null || !newTag.trim()}>
          Add tag
        </button>
      </form>
      <ErrorMessage error={error} />
      {status ? (
        <p className="text-ok small" role="status">
          {status}
        </p>
      ) : null}
    </Card>
  );
}
