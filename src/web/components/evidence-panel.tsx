import type { ReactNode } from 'react';
import type { ConsentReport, EvidenceEvent } from '../api/types.js';
import { formatDateTime, roleLabel, sourceLabel } from '../format.js';
import { CardTable, EmptyState } from './ui.js';

/** The consent report's events as a readable table: one row per event, the exact text, rule, confirmation, actor, and the chain check. */
export function EvidencePanel({ report }: { report: ConsentReport }) {
  const { ledgerVerification: check } = report;
  return (
    <section className="section" aria-labelledby="evidence-events-heading">
      <h2 id="evidence-events-heading">Evidence</h2>
      {check.theseEventsIntact ? (
        <p className="callout callout-success" role="status">
          <span aria-hidden="true">✓ </span>
          <strong>Intact.</strong>{' '}
          {check.eventsChecked === 1
            ? 'The event matches its hash and links to the event before it.'
            : `All ${check.eventsChecked} events match their hashes and each links to the event before it.`}{' '}
          {check.organizationLedger.ok
            ? `The organization's whole consent history (${check.organizationLedger.checked} ${check.organizationLedger.checked === 1 ? 'event' : 'events'}) checks out too.`
            : `But the organization's consent history is broken at event ${check.organizationLedger.firstBrokenEventId ?? 'unknown'}.`}
        </p>
      ) : (
        <p className="callout callout-danger" role="alert">
          <span aria-hidden="true">✗ </span>
          <strong>Altered.</strong> At least one event below does not match its hash or its link to the event before; the record was changed after it was written.
        </p>
      )}
      {report.events.length === 0 ? (
        <EmptyState title="No consent changes recorded for this number.">
          <p>It never opted out or back in, so there is nothing to prove yet.</p>
        </EmptyState>
      ) : (
        <CardTable
          caption={<>Consent events for {report.contact.phone}, oldest first</>}
          columns={['When', 'Change', 'Exact text', 'Confirmation', 'Who acted', 'Chain']}
          className="evidence-table"
        >
          {report.events.map((event) => (
            <EvidenceRow key={event.id} event={event} />
          ))}
        </CardTable>
      )}
    </section>
  );
}

/** A text word for word, as evidence, with when and how it went under it. */
function QuotedText({ text, children }: { text: string; children: ReactNode }) {
  return (
    <div>
      <q className="evidence-quote">{text}</q>
      <div className="muted small">{children}</div>
    </div>
  );
}

function EvidenceRow({ event }: { event: EvidenceEvent }) {
  const intact = event.chain.hashMatchesContent && event.chain.linksToPreviousEvent;
  return (
    <tr>
      <td data-label="When" className="nowrap">
        <time dateTime={event.at}>{formatDateTime(event.at)}</time>
        <div className="muted small">Ledger entry #{event.seq}</div>
      </td>
      <td data-label="Change">
        <div>
          <span className={`badge ${event.type === 'opted_out' ? 'badge-danger' : 'badge-ok'}`}>{event.type === 'opted_out' ? 'Opted out' : 'Opted back in'}</span>
        </div>
        <div className="small">
          {sourceLabel(event.source)}
          {event.keyword ? (
            <>
              {' · keyword '}
              <span className="keyword">{event.keyword}</span>
            </>
          ) : null}
        </div>
        {event.ruleMatched ? (
          <div className="small">
            Rule <code>{event.ruleMatched}</code>
          </div>
        ) : null}
        {event.reason ? <div className="muted small">Reason: {event.reason}</div> : null}
        {event.note ? <div className="muted small">Note: {event.note}</div> : null}
        {event.attestation === 'contact_requested' ? <div className="muted small">Attested: the contact asked to receive messages again</div> : null}
      </td>
      <td data-label="Exact text">
        {event.causedBy ? (
          <QuotedText text={event.causedBy.body}>
            {event.causedBy.simulated ? 'Simulated (typed in the app, not sent by the contact)' : event.causedBy.direction === 'inbound' ? 'Received' : 'Sent'} <time dateTime={event.causedBy.at}>{formatDateTime(event.causedBy.at)}</time>
          </QuotedText>
        ) : (
          <span className="muted">No text — not caused by a message</span>
        )}
      </td>
      <td data-label="Confirmation">
        {event.confirmation ? (
          <QuotedText text={event.confirmation.body}>
            {confirmationStatus(event.confirmation.status)}
            {event.confirmation.sentAt ? ` ${formatDateTime(event.confirmation.sentAt)}` : ''}
          </QuotedText>
        ) : (
          <span className="muted">No confirmation text</span>
        )}
      </td>
      <td data-label="Who acted">
        {event.actor.type === 'user' ? (
          <div>
            {event.actor.name} <span className="muted small">({roleLabel(event.actor.role ?? '')})</span>
            <div className="muted small">{event.actor.email}</div>
          </div>
        ) : (
          <span>{event.actor.description}</span>
        )}
        {event.simulated ? <div className="small">Typed into the inbound-text simulator — not the contact&rsquo;s own text</div> : null}
        <div className="muted small">Via: {event.channel.description}</div>
      </td>
      <td data-label="Chain">
        <div className={intact ? 'chain chain-ok' : 'chain chain-bad'}>
          <span aria-hidden="true">{intact ? '✓' : '✗'}</span> {intact ? 'Intact' : chainProblem(event)}
        </div>
        <code className="hash" title={`Hash ${event.hash}; previous ${event.prevHash}`}>
          {event.hash.slice(0, 10)}…
        </code>
      </td>
    </tr>
  );
}

function chainProblem(event: EvidenceEvent): string {
  if (!event.chain.hashMatchesContent) return 'Altered: content does not match its hash';
  return 'Broken: does not link to the event before';
}

function confirmationStatus(status: string): string {
  const labels: Record<string, string> = { sent: 'Sent', delivered: 'Delivered', queued: 'Sending…', sending: 'Sending…', failed: 'Failed', canceled: 'Canceled — not sent' };
  return labels[status] ?? status;
}
