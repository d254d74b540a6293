import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { api } from '../api/client.js';
import type { Contact, Page } from '../api/types.js';
import { ContactForm } from '../components/contact-form.js';
import { Dialog } from '../components/dialog.js';
import { AwaitingReviewBadge, CardTable, EmptyState, ErrorMessage, Field, LoadStatus, OptedOutBadge, PageHeader, SearchField } from '../components/ui.js';
import { useApiData, useDebounced } from '../components/use-api-data.js';
import { contactDisplayName, formatDate, formatPhone, optOutSummary } from '../format.js';

const PAGE_SIZE = 50;

type Filter = 'all' | 'opted-out' | 'subscribed';

function readFilter(value: string | null): Filter {
  return value === 'opted-out' || value === 'subscribed' ? value : 'all';
}

/** All contacts, searchable by name, email or phone in any format, with opted-out ones marked. */
export function ContactsPage() {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const [query, setQuery] = useState(params.get('q') ?? '');
  const filter = readFilter(params.get('show'));
  const search = useDebounced(query.trim(), 250);
  const [adding, setAdding] = useState(false);
  const [more, setMore] = useState<{ items: Contact[]; nextCursor: string | null; loading: boolean; error: unknown } | null>(null);

  const optedOut = filter === 'opted-out' ? true : filter === 'subscribed' ? false : undefined;
  const first = useApiData(
    (signal) => {
      setMore(null);
      return api.get<Page<Contact>>('/contacts', { query: { search, optedOut, limit: PAGE_SIZE }, signal });
    },
    [search, optedOut],
  );

  function updateParams(next: { q?: string; show?: Filter }) {
    const merged = new URLSearchParams(params);
    if (next.q !== undefined) {
      if (next.q) merged.set('q', next.q);
      else merged.delete('q');
    }
    if (next.show !== undefined) {
      if (next.show === 'all') merged.delete('show');
      else merged.set('show', next.show);
    }
    setParams(merged, { replace: true });
  }

  async function loadMore(cursor: string) {
    setMore((current) => ({ items: current?.items ?? [], nextCursor: cursor, loading: true, error: null }));
    try {
      const page = await api.get<Page<Contact>>('/contacts', { query: { search, optedOut, limit: PAGE_SIZE, cursor } });
      setMore((current) => ({ items: [...(current?.items ?? []), ...page.items], nextCursor: page.nextCursor, loading: false, error: null }));
    } catch (error) {
      setMore((current) => ({ items: current?.items ?? [], nextCursor: cursor, loading: false, error }));
    }
  }

  const items = [...(first.data?.items ?? []), ...(more?.items ?? [])];
  const nextCursor = more ? more.nextCursor : first.data?.nextCursor ?? null;
  const filtering = search !== '' || filter !== 'all';

  return (
    <>
      <PageHeader
        title="Contacts"
        subtitle="Everyone you text or call. Opted-out contacts stay here with their history, and are never contacted."
        actions={
          <button type="button" className="button" onClick={() => setAdding(true)}>
            Add contact
          </button>
        }
      />
      <div className="toolbar" role="search">
        <SearchField
          label="Search contacts"
          id="contact-search"
          placeholder="Name, email or phone — e.g. 555-0101"
          value={query}
          onValue={(value) => {
            setQuery(value);
            updateParams({ q: value.trim() });
          }}
        />
        <Field label="Show" htmlFor="contact-filter">
          <select id="contact-filter" value={filter} onChange={(e) => updateParams({ show: readFilter(e.target.value) })}>
            <option value="all">All contacts</option>
            <option value="opted-out">Opted out only</option>
            <option value="subscribed">Not opted out</option>
          </select>
        </Field>
      </div>

      <LoadStatus source={first} errorTitle="Could not load contacts." loadingLabel="Loading contacts…" />
      {first.data !== null && items.length === 0 ? (
        filtering ? (
          <EmptyState title="No contacts match.">
            <p>Try part of the name, the email, or some digits of the phone number.</p>
          </EmptyState>
        ) : (
          <EmptyState title="No contacts yet.">
            <p>
              Add a contact, or <Link to="/simulate">simulate an inbound text</Link>: a text from a new number creates its contact, and texting STOP shows how opt-outs
              work.
            </p>
          </EmptyState>
        )
      ) : null}

      {items.length > 0 ? (
        <CardTable
          caption={<>Contacts{search ? ` matching “${search}”` : ''}</>}
          columns={['Name', 'Phone', 'Email', 'Tags', 'Status']}
          refreshing={first.loading}
        >
          {items.map((contact) => (
            <tr key={contact.id}>
              <td data-label="Name">
                <Link to={`/contacts/${contact.id}`} className="strong-link">
                  {contactDisplayName(contact)}
                </Link>
              </td>
              <td data-label="Phone" className="nowrap">
                {formatPhone(contact.phone)}
              </td>
              <td data-label="Email">{contact.email ?? <span className="muted">—</span>}</td>
              <td data-label="Tags">
                {contact.tags.length ? (
                  <span className="tags">
                    {contact.tags.map((tag) => (
                      <span key={tag} className="tag">
                        {tag}
                      </span>
                    ))}
                  </span>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
              <td data-label="Status">
                {contact.optedOut ? (
                  <span className="status-cell">
                    <OptedOutBadge />
                    {contact.optOut ? (
                      <span className="muted small">
                        {formatDate(contact.optOut.optedOutAt)} · {optOutSummary(contact.optOut)}
                      </span>
                    ) : null}
                  </span>
                ) : contact.reviewPending ? (
                  <AwaitingReviewBadge />
                ) : (
                  <span className="badge badge-ok">Subscribed</span>
                )}
              </td>
            </tr>
          ))}
        </CardTable>
      ) : null}

      {more?.error ? <ErrorMessage error={more.error} title="Could not load more contacts." /> : null}
      {nextCursor ? (
        <div className="pager">
          <button type="button" className="button button-secondary" disabled={more?.loading} onClick={() => void loadMore(nextCursor)}>
            {more?.loading ? 'Loading…' : 'Load more contacts'}
          </button>
        </div>
      ) : null}

      {adding ? (
        <Dialog title="Add contact" onClose={() => setAdding(false)}>
          <ContactForm
            submitLabel="Add contact"
            onCancel={() => setAdding(false)}
            onSubmit={async (values) => {
              const contact = await api.post<Contact>('/contacts', values);
              setAdding(false);
              navigate(`/contacts/${contact.id}`);
            }}
          />
        </Dialog>
      ) : null}
    </>
  );
}
