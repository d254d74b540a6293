import { Link } from 'react-router-dom';
import { api } from '../api/client.js';
import type { Page, Sequence } from '../api/types.js';
import { ShowMoreButton, useShowMore } from '../components/show-more.js';
import { CardTable, EmptyState, LoadStatus, PageHeader } from '../components/ui.js';
import { useApiData } from '../components/use-api-data.js';
import { formatDate } from '../format.js';
import { stepsSummary, stepTiming, stepTypeLabel } from '../format-outreach.js';

const PAGE_SIZE = 50;

/** Automated outreach: the organization's sequences, newest first. */
export function SequencesPage() {
  const more = useShowMore(PAGE_SIZE);
  const list = useApiData((signal) => api.get<Page<Sequence>>('/sequences', { query: { limit: more.limit }, signal }), [more.limit]);
  const items = list.data?.items ?? [];

  return (
    <>
      <PageHeader
        title="Sequences"
        subtitle="Texts and calls that go out on their own, one step after another. A contact who opts out — or whose reply awaits review — gets nothing more from any sequence."
        actions={
          <Link className="button" to="/sequences/new">
            New sequence
          </Link>
        }
      />
      <LoadStatus source={list} errorTitle="Could not load sequences." loadingLabel="Loading sequences…" />
      {list.data !== null && items.length === 0 ? (
        <EmptyState title="No sequences yet.">
          <p>
            <Link to="/sequences/new">Create a sequence</Link> — for example a welcome text right away and a call a day later — then enroll contacts in it.
          </p>
        </EmptyState>
      ) : null}
      {items.length > 0 ? (
        <CardTable caption="Sequences, newest first" columns={['Name', 'Steps', 'Created']}>
          {items.map((sequence) => (
            <tr key={sequence.id}>
              <td data-label="Name">
                <Link to={`/sequences/${sequence.id}`} className="strong-link">
                  {sequence.name}
                </Link>
              </td>
              <td data-label="Steps">
                <div>{stepsSummary(sequence.steps)}</div>
                <div className="muted small">
                  {sequence.steps
                    .slice(0, 4)
                    .map((step, index) => `${stepTypeLabel(step.type)} ${stepTiming(step, index).toLowerCase()}`)
                    .join(' · ')}
                  {sequence.steps.length > 4 ? ' · …' : ''}
                </div>
              </td>
              <td data-label="Created" className="nowrap">
                {formatDate(sequence.createdAt)}
              </td>
            </tr>
          ))}
        </CardTable>
      ) : null}
      <ShowMoreButton list={list} more={more} />
    </>
  );
}
