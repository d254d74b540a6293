import { Link, useParams } from 'react-router-dom';
import { api, apiUrl } from '../api/client.js';
import type { ConsentReport } from '../api/types.js';
import { EvidencePanel } from '../components/evidence-panel.js';
import { AwaitingReviewBadge, Card, OptedOutBadge, PageHeader, RecordLoadStatus } from '../components/ui.js';
import { useApiData } from '../components/use-api-data.js';
import { contactDisplayName, formatDateTime, formatPhone, sourceLabel } from '../format.js';
import { formatShortDate } from '../format-outreach.js';

/** A contact's consent evidence (GET /contacts/:id/consent-report), readable, printable and downloadable. */
export function ConsentReportPage() {
  const { id = '' } = useParams();
  const report = useApiData((signal) => api.get<ConsentReport>(`/contacts/${id}/consent-report`, { signal }), [id]);
  const back = (
    <p className="back-link">
      <Link to={`/contacts/${id}`}>← Back to the contact</Link>
    </p>
  );

  if (report.data === null) {
    return (
      <>
        {back}
        <RecordLoadStatus
          source={report}
          missing="This contact does not exist in your organization, or its link is wrong."
          errorTitle="Could not load the consent report."
          loadingLabel="Loading the consent report…"
        />
      </>
    );
  }

  const r = report.data;
  const status = r.currentStatus;
  const digits = r.contact.phone.replace(/\D/g, '');
  return (
    <>
      {back}
      <PageHeader
        title="Consent evidence"
        subtitle={`${contactDisplayName(r.contact)} · ${formatPhone(r.contact.phone)} · ${r.organization.name}. Generated ${formatDateTime(r.generatedAt)}.`}
        actions={
          <>
            <a className="button button-secondary" href={apiUrl(`/contacts/${id}/consent-report`, { format: 'csv' })} download>
              Download CSV
            </a>
            <a className="button button-secondary" href={apiUrl(`/contacts/${id}/consent-report`)} download={`consent-report-${digits}.json`}>
              Download JSON
            </a>
            <button type="button" className="button button-secondary" onClick={() => window.print()}>
              Print
            </button>
          </>
        }
      />
      <Card headingId="current-status-heading" title="Current status">
        <dl className="facts">
          <dt>Status</dt>
          <dd>
            {status.optedOut ? (
              <>
                <OptedOutBadge /> since {formatDateTime(status.since)}
              </>
            ) : status.reviewPending ? (
              <>
                <AwaitingReviewBadge /> not contacted until a teammate decides
              </>
            ) : (
              <span className="badge badge-ok">Subscribed</span>
            )}
          </dd>
          {status.optedOut ? (
            <>
              <dt>Source</dt>
              <dd>
                {sourceLabel(status.source)}
                {status.keyword ? ` · keyword ${status.keyword}` : ''}
                {status.ruleMatched ? (
                  <>
                    {' · rule '}
                    <code>{status.ruleMatched}</code>
                  </>
                ) : null}
              </dd>
              {status.reason ? (
                <>
                  <dt>Reason</dt>
                  <dd>{status.reason}</dd>
                </>
              ) : null}
            </>
          ) : null}
        </dl>
      </Card>
      <EvidencePanel report={r} />
      {r.reviews.length > 0 ? (
        <section className="section" aria-labelledby="reviews-heading">
          <h2 id="reviews-heading">Replies sent to review</h2>
          <ul className="plain-list">
            {r.reviews.map((review) => (
              <li key={review.id} className="card review-evidence">
                <q className="evidence-quote">{review.text}</q>
                <div className="muted small">
                  Received {formatDateTime(review.receivedAt)} · rule <code>{review.ruleMatched}</code> · due {formatShortDate(review.deadline)}
                </div>
                <div className="small">
                  {review.status === 'pending'
                    ? 'Awaiting a decision.'
                    : `Decided ${formatDateTime(review.decidedAt)}: ${review.status === 'opted_out' ? 'opt out' : 'not a revocation'}${review.note ? ` — “${review.note}”` : ''}`}
                </div>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
