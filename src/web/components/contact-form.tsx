import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, ApiError } from '../api/client.js';
import type { Contact, Page } from '../api/types.js';
import { contactDisplayName, splitList } from '../format.js';
import { ErrorMessage, Field, FormActions, TextField } from './ui.js';
import { useSubmit } from './use-submit.js';

export interface ContactValues {
  name: string | null;
  phone: string;
  email: string | null;
  tags?: string[];
  notes?: string | null;
}

interface ContactFormProps {
  initial?: Partial<Contact>;
  submitLabel: string;
  /** The add form also asks for tags and notes; the edit form leaves those to their own editors. */
  withTagsAndNotes?: boolean;
  onSubmit(values: ContactValues): Promise<void>;
  onCancel(): void;
}

export function ContactForm({ initial, submitLabel, withTagsAndNotes = true, onSubmit, onCancel }: ContactFormProps) {
  const [name, setName] = useState(initial?.name ?? '');
  const [phone, setPhone] = useState(initial?.phone ?? '');
  const [email, setEmail] = useState(initial?.email ?? '');
  const [tags, setTags] = useState((initial?.tags ?? []).join(', '));
  const [notes, setNotes] = useState(initial?.notes ?? '');
  const { busy, error, submit } = useSubmit({ keepBusy: true });
  const [existing, setExisting] = useState<Contact | null>(null);
  const save = submit(async () => {
    setExisting(null);
    const values: ContactValues = { name: name.trim() || null, phone: phone.trim(), email: email.trim() || null };
    if (withTagsAndNotes) {
      values.tags = splitList(tags);
      values.notes = notes.trim() || null;
    }
    try {
      await onSubmit(values);
    } catch (failure) {
      // A duplicate phone: offer the contact that already has it.
      if (failure instanceof ApiError && failure.code === 'conflict' && failure.field === 'phone') {
        api
          .get<Page<Contact>>('/contacts', { query: { search: values.phone, limit: 1 } })
          .then((page) => setExisting(page.items[0] && page.items[0].id !== initial?.id ? page.items[0] : null))
          .catch(() => undefined);
      }
      throw failure;
    }
  });

  return (
    <form className="form" onSubmit={save}>
      <TextField label="Name" id="contact-name" maxLength={200} autoComplete="off" value={name} onValue={setName} autoFocus />
      <TextField
        label="Phone"
        id="contact-phone"
        hint="Any format: (415) 555-0101, 415.555.0101 or +44 20 7946 0958."
        type="tel"
        required
        maxLength={40}
        autoComplete="off"
        value={phone}
        onValue={setPhone}
      />
      <TextField label="Email" id="contact-email" type="email" maxLength={254} autoComplete="off" value={email} onValue={setEmail} />
      {withTagsAndNotes ? (
        <>
          <TextField label="Tags" id="contact-tags" hint="Separate tags with commas, e.g. solar, hot lead." value={tags} onValue={setTags} />
          <Field label="Notes" htmlFor="contact-notes">
            <textarea id="contact-notes" rows={3} maxLength={10000} value={notes} onChange={(e) => setNotes(e.target.value)} />
          </Field>
        </>
      ) : null}
      <ErrorMessage error={error} />
      {existing ? (
        <p>
          <Link to={`/contacts/${existing.id}`} onClick={onCancel}>
            Open {contactDisplayName(existing)}
          </Link>
        </p>
      ) : null}
      <FormActions busy={busy} busyLabel="Saving…" onCancel={onCancel}>
        {submitLabel}
      </FormActions>
    </form>
  );
}
