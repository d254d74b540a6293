import { useMemo } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../api/client.js';
import type { Enrollment, Page, Sequence } from '../api/types.js';
import { EnrollCard } from '../components/enroll-card.js';
import { EnrollmentsTable } from '../components/enrollments-table.js';
import { ShowMoreButton, useShowMore } from '../components/show-more.js';
import { Card, EmptyState, LoadStatus, PageHeader, RecordLoadStatus } from '../components/ui.js';
import { useApiData, useRefreshWhileVisible } from '../components/use-api-data.js';
import { formatDate } from '../format.js';
import { stepsSummary, stepTiming, stepTypeLabel } from '../format-outreach.js';

const REFRESH_MS = 5000;
const PAGE_SIZE = 50;

/** One sequence: its steps, who is enrolled and where each stands, and enrolling a contact. */
export function SequencePage() {
  const { id = '' } = useParams();
  const sequence = useApiData((signal) => api.get<Sequence>(`/sequences/${id}`, { signal }), [id]);
  const more = useShowMore(PAGE_SIZE);
  const enrollments = useApiData((signal) => api.get<Page<Enrollment>>(`/sequences/${id}/enrollments`, { query: { limit: more.limit }, signal }), [id, more.limit]);
  const reloadEnrollments = enrollments.reload;
  const activeContactIds = useMemo(
    () => new Set((enrollments.data?.items ?? []).filter((e) => e.status === 'active').map((e) => e.contactId)),
    [enrollments.data],
  );

  // Steps run and opt-outs stop enrollments while the page is open: refresh quietly.
  useRefreshWhileVisible(reloadEnrollments, REFRESH_MS);

  const back = (
    <p className="back-link">
      <Link to="/sequences">← All sequences</Link>
    </p>
  );
  if (sequence.data === null) {
    return (
      <>
        {back}
        <RecordLoadStatus
          source={sequence}
          missing="This sequence does not exist in your organization, or its link is wrong."
          errorTitle="Could not load the sequence."
          loadingLabel="Loading sequence…"
        />
      </>
    );
  }

  const s = sequence.data;
  const items = enrollments.data?.items ?? [];
  return (
    <>
      {back}
      <PageHeader title={s.name} subtitle={`${stepsSummary(s.steps)} · created ${formatDate(s.createdAt)}. A contact who opts out is stopped at once and gets nothing more.`} />
      <div className="sequence-layout">
        <Card headingId="steps-heading" title="Steps">
          <ol className="sequence-steps">
            {s.steps.map((step, index) => (
              <li key={index}>
                <span className="strong">{stepTypeLabel(step.type)}</span> <span className="muted">· {stepTiming(step, index)}</span>
                {step.type === 'sms' ? <q className="evidence-quote step-body">{step.body}</q> : null}
              </li>
            ))}
          </ol>
        </Card>
        <EnrollCard sequence={s} activeContactIds={activeContactIds} onEnrolled={reloadEnrollments} />
      </div>

      <section className="section" aria-labelledby="enrollments-heading">
        <h2 id="enrollments-heading">Enrollments</h2>
        <LoadStatus source={enrollments} errorTitle="Could not load enrollments." loadingLabel="Loading enrollments…" />
        {enrollments.data !== null && items.length === 0 ? (
          <EmptyState title="Nobody is enrolled yet.">
            <p>Find a contact above and enroll them; the first step runs {stepTiming(s.steps[0]!, 0).toLowerCase()}.</p>
          </EmptyState>
        ) : null}
        {items.length > 0 ? <EnrollmentsTable sequence={s} enrollments={items} /> : null}
        <ShowMoreButton list={enrollments} more={more} />
      </section>
    </>
  );
}
