import { useMemo } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, ApiError } from '../api/client.js';
import type { Contact, ConversationItem, Page, User } from '../api/types.js';
import { AddToSequenceCard } from '../components/add-to-sequence-card.js';
import { Composer } from '../components/composer.js';
import { ConsentEvidenceCard } from '../components/consent-evidence-card.js';
import { DetailsCard, NotesAndTagsCard } from '../components/contact-details.js';
import { Conversation } from '../components/conversation.js';
import { OptOutSettingsCard } from '../components/opt-out-settings-card.js';
import { ReviewPendingBanner } from '../components/review-pending-banner.js';
import { SimulateForm } from '../components/simulate-form.js';
import { AwaitingReviewBadge, Card, ErrorMessage, Loading, OptedOutBadge, useDocumentTitle } from '../components/ui.js';
import { useApiData, useRefreshWhileVisible } from '../components/use-api-data.js';
import { contactDisplayName, formatDateTime, formatPhone, optOutSummary, sentence } from '../format.js';

const REFRESH_MS = 4000;
const MAX_PAGES = 25;

async function loadConversation(contactId: string, signal: AbortSignal): Promise<{ items: ConversationItem[]; truncated: boolean }> {
  const items: ConversationItem[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const answer: Page<ConversationItem> = await api.get<Page<ConversationItem>>(`/contacts/${contactId}/conversation`, { query: { limit: 200, cursor }, signal });
    items.push(...answer.items);
    cursor = answer.nextCursor;
    if (!cursor) break;
  }
  return { items, truncated: cursor !== null };
}

/** One contact: opt-out state up top, the whole conversation with consent changes inline, the composer, details, notes and tags. */
export function ContactPage() {
  const { id = '' } = useParams();
  const contact = useApiData((signal) => api.get<Contact>(`/contacts/${id}`, { signal }), [id]);
  const conversation = useApiData((signal) => loadConversation(id, signal), [id]);
  const team = useApiData((signal) => api.get<Page<User>>('/users', { signal }), []);
  const users = useMemo(() => new Map((team.data?.items ?? []).map((user) => [user.id, user])), [team.data]);
  useDocumentTitle(contact.data ? contactDisplayName(contact.data) : 'Contact');

  const reloadContact = contact.reload;
  const reloadConversation = conversation.reload;
  // Replies, opt-outs and delivery updates arrive while the page is open: refresh quietly.
  useRefreshWhileVisible(() => {
    reloadContact();
    reloadConversation();
  }, REFRESH_MS);

  function refreshAll(updated?: Contact) {
    if (updated) contact.setData(updated);
    else reloadContact();
    reloadConversation();
  }

  if (contact.data === null) {
    if (contact.error instanceof ApiError && contact.error.status === 404) {
      return (
        <>
          <BackLink />
          <ErrorMessage error="This contact does not exist in your organization, or its link is wrong." />
        </>
      );
    }
    if (contact.error) {
      return (
        <>
          <BackLink />
          <ErrorMessage title="Could not load the contact." error={contact.error} onRetry={contact.reload} />
        </>
      );
    }
    return <Loading label="Loading contact…" />;
  }

  const c = contact.data;
  const name = contactDisplayName(c);
  return (
    <>
      <BackLink />
      <header className="contact-header">
        <div>
          <h1 className="contact-name">
            {name} {c.optedOut ? <OptedOutBadge /> : c.reviewPending ? <AwaitingReviewBadge /> : null}
          </h1>
          <p className="page-subtitle">
            {formatPhone(c.phone)}
            {c.email ? ` · ${c.email}` : ''}
          </p>
        </div>
      </header>
      {c.optedOut ? (
        <div className="callout callout-danger opt-out-banner">
          <strong>Opted out{c.optOut?.optedOutAt ? ` on ${formatDateTime(c.optOut.optedOutAt)}` : ''}.</strong> {c.optOut ? `${sentence(optOutSummary(c.optOut))} ` : ''}
          This contact will not be texted or called; the contact and the whole history are kept.
        </div>
      ) : c.reviewPending ? (
        <ReviewPendingBanner contact={c} />
      ) : null}
      {contact.error ? <ErrorMessage title="Could not refresh the contact." error={contact.error} /> : null}

      <div className="contact-layout">
        <Card headingId="conversation-heading" title="Conversation" className="conversation-card">
          {conversation.data === null ? (
            conversation.error ? (
              <ErrorMessage title="Could not load the conversation." error={conversation.error} onRetry={conversation.reload} />
            ) : (
              <Loading label="Loading conversation…" />
            )
          ) : (
            <>
              {conversation.data.truncated ? <p className="muted small">Showing the first {conversation.data.items.length} entries.</p> : null}
              <Conversation
                items={conversation.data.items}
                users={users}
                contactName={name}
                optedOut={contact.data?.optedOut ?? false}
                onChanged={() => {
                  reloadContact();
                  reloadConversation();
                }}
              />
              {conversation.error ? <ErrorMessage title="Could not refresh the conversation." error={conversation.error} /> : null}
            </>
          )}
          <Composer contact={c} onChanged={() => refreshAll()} />
          <details className="simulate-reply">
            <summary>Simulate a reply from this contact</summary>
            <p className="muted small">Pretend {name} texted you, e.g. STOP, to see what happens. Nothing is sent to a real phone.</p>
            <SimulateForm from={c.phone} linkToContact={false} onResult={(result) => refreshAll(result.contact)} />
          </details>
        </Card>

        <div className="contact-side">
          <OptOutSettingsCard contact={c} onChanged={(updated) => refreshAll(updated)} />
          <ConsentEvidenceCard contact={c} />
          <DetailsCard contact={c} onSaved={(updated) => refreshAll(updated)} />
          <NotesAndTagsCard contact={c} onSaved={(updated) => contact.setData(updated)} />
          <AddToSequenceCard contact={c} />
        </div>
      </div>
    </>
  );
}

function BackLink() {
  return (
    <p className="back-link">
      <Link to="/contacts">← All contacts</Link>
    </p>
  );
}
