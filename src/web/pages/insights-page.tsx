import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api } from '../api/client.js';
import type { OptOutRatesResponse, OptOutSettings, OptOutTimelineResponse, ReviewQueueHealthResponse } from '../api/types.js';
import { Card, EmptyState, ErrorMessage, LoadStatus, PageHeader } from '../components/ui.js';
import { useApiData, type ApiData } from '../components/use-api-data.js';
import { formatPhone } from '../format.js';

type Source = keyof OptOutTimelineResponse['totals']['bySource'];
type RateItem = OptOutRatesResponse['items'][number];

/** Sources in stacking order, each with a label and a colour that stays legible beside its neighbours. */
const SOURCES: { key: Source; label: string; color: string }[] = [
  { key: 'keyword', label: 'Keyword (STOP…)', color: '#1f5eff' },
  { key: 'phrase', label: 'Plain-language reply', color: '#7b4fd6' },
  { key: 'review', label: 'Review decision', color: '#c2410c' },
  { key: 'manual', label: 'Teammate or API', color: '#0f766e' },
  { key: 'provider', label: 'Carrier / provider', color: '#a16207' },
  { key: 'import', label: 'Import', color: '#64748b' },
];

const RANGES = [30, 90] as const;
type RangeDays = (typeof RANGES)[number];

const DAY_MS = 24 * 60 * 60 * 1000;

/** The last `days` days, today included, as local dates in the organization's time zone (en-CA writes YYYY-MM-DD). */
function rangeOf(days: RangeDays, timeZone: string): { from: string; to: string } {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date());
  const [year, month, day] = today.split('-').map(Number) as [number, number, number];
  const from = new Date(Date.UTC(year, month - 1, day) - (days - 1) * DAY_MS).toISOString().slice(0, 10);
  return { from, to: today };
}

function shortDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day)).toLocaleDateString(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
}

function longDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day)).toLocaleDateString(undefined, { weekday: 'short', month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
}

function percent(rate: number | null): string {
  if (rate === null) return '—';
  return `${(rate * 100).toFixed(rate < 0.1 ? 1 : 0)}%`;
}

function duration(ms: number | null): string {
  if (ms === null) return '—';
  const hours = ms / 3_600_000;
  if (hours < 1) return `${Math.max(1, Math.round(ms / 60_000))} min`;
  if (hours < 48) return `${hours.toFixed(hours < 10 ? 1 : 0)} h`;
  return `${(hours / 24).toFixed(1)} days`;
}

/** Insights: how many opt out, by which route, after which sequence or number, and whether the review queue keeps up. */
export function InsightsPage() {
  const [days, setDays] = useState<RangeDays>(30);
  // Days are the organization's: the range is computed in its time zone, not the browser's.
  const settings = useApiData((signal) => api.get<OptOutSettings>('/settings/opt-out', { signal }), []);
  const timeZone = settings.data?.timeZone ?? null;
  const { from, to } = timeZone ? rangeOf(days, timeZone) : { from: '', to: '' };
  const timeline = useAnalytics<OptOutTimelineResponse>('/analytics/opt-outs', { from, to, interval: 'day' });
  const bySequence = useAnalytics<OptOutRatesResponse>('/analytics/opt-out-rates', { from, to, groupBy: 'sequence' });
  const byNumber = useAnalytics<OptOutRatesResponse>('/analytics/opt-out-rates', { from, to, groupBy: 'number' });
  const review = useAnalytics<ReviewQueueHealthResponse>('/analytics/review-queue', { from, to });

  return (
    <div className="insights-page">
      <PageHeader
        title="Insights"
        subtitle={
          <>
            How many people opt out, how they ask, which sequences and numbers they were texted from, and whether the review queue keeps up.
            {timeZone ? ` Days run midnight to midnight in ${timeZone.replaceAll('_', ' ')} (Settings → Opt-Out Management).` : null}
          </>
        }
        actions={
          <div className="segmented" role="group" aria-label="Period">
            {RANGES.map((range) => (
              <button key={range} type="button" className={`button button-small ${days === range ? '' : 'button-secondary'}`} aria-pressed={days === range} onClick={() => setDays(range)}>
                Last {range} days
              </button>
            ))}
          </div>
        }
      />
      <ErrorMessage error={settings.error} onRetry={settings.reload} title="Could not load the organization's time zone." />
      <OptOutsPerDay source={timeline} days={days} />
      <div className="insights-grid">
        <RateCard source={bySequence} kind="sequence" days={days} />
        <RateCard source={byNumber} kind="number" days={days} />
      </div>
      <ReviewHealth source={review} days={days} />
    </div>
  );
}

/** One analytics answer for a range; nothing is asked until the range is known. */
function useAnalytics<T>(path: string, query: Record<string, string>): ApiData<T> {
  const key = JSON.stringify(query);
  return useApiData((signal) => (query.from ? api.get<T>(path, { query, signal }) : new Promise<T>(() => undefined)), [path, key]);
}

function OptOutsPerDay({ source, days }: { source: ApiData<OptOutTimelineResponse>; days: RangeDays }) {
  const data = source.data;
  const empty = data !== null && data.totals.optedOut === 0 && data.totals.optedIn === 0;
  const summary = data
    ? `Stacked bar chart of opt-outs per day by source, ${longDate(data.from)} to ${longDate(data.to)}: ${data.totals.optedOut} opt-outs (${SOURCES.filter((s) => data.totals.bySource[s.key] > 0)
        .map((s) => `${data.totals.bySource[s.key]} ${s.label.toLowerCase()}`)
        .join(', ') || 'none'}), ${data.totals.optedIn} opt-ins.`
    : '';
  return (
    <Card headingId="opt-outs-per-day" title={`Opt-outs per day, last ${days} days`} className="section">
      <LoadStatus source={source} errorTitle="Could not load opt-outs per day." loadingLabel="Loading opt-outs per day…" />
      {data && empty ? (
        <EmptyState title={`Nobody opted out in the last ${days} days.`}>
          <p>
            When someone texts STOP, writes “stop texting me”, is opted out by a teammate, an import or the carrier, or a reviewer decides a reply meant stop, it is
            counted here on the day it happened.
          </p>
        </EmptyState>
      ) : null}
      {data && !empty ? (
        <>
          <p className="insights-totals">
            <strong>{data.totals.optedOut}</strong> opted out · <strong>{data.totals.optedIn}</strong> opted back in
          </p>
          <figure className="chart" role="img" aria-label={summary}>
            <ResponsiveContainer width="100%" height={280}>
              <BarChart data={data.buckets.map((b) => ({ start: b.start, ...b.bySource }))} margin={{ top: 8, right: 8, bottom: 0, left: -16 }} accessibilityLayer={false}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#dde3ee" />
                <XAxis dataKey="start" tickFormatter={shortDate} minTickGap={16} tick={{ fontSize: 12 }} />
                <YAxis allowDecimals={false} tick={{ fontSize: 12 }} />
                <Tooltip labelFormatter={(label) => longDate(String(label))} itemSorter={(item) => SOURCES.findIndex((s) => s.key === item.dataKey)} />
                <Legend wrapperStyle={{ fontSize: 13 }} itemSorter={(item) => SOURCES.findIndex((s) => s.key === item.dataKey)} />
                {SOURCES.map((s) => (
                  <Bar key={s.key} dataKey={s.key} name={s.label} stackId="sources" fill={s.color} isAnimationActive={false} />
                ))}
              </BarChart>
            </ResponsiveContainer>
          </figure>
          <details className="chart-table">
            <summary>Show as table</summary>
            <div className="table-wrap">
              <table className="table table-compact">
                <caption className="visually-hidden">Opt-outs per day by source</caption>
                <thead>
                  <tr>
                    <th scope="col">Day</th>
                    {SOURCES.map((s) => (
                      <th key={s.key} scope="col" className="numeric">
                        {s.label}
                      </th>
                    ))}
                    <th scope="col" className="numeric">
                      Opt-outs
                    </th>
                    <th scope="col" className="numeric">
                      Opt-ins
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.buckets.map((b) => (
                    <tr key={b.start}>
                      <th scope="row">{longDate(b.start)}</th>
                      {SOURCES.map((s) => (
                        <td key={s.key} className="numeric">
                          {b.bySource[s.key]}
                        </td>
                      ))}
                      <td className="numeric">{b.optedOut}</td>
                      <td className="numeric">{b.optedIn}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row">Total</th>
                    {SOURCES.map((s) => (
                      <td key={s.key} className="numeric">
                        {data.totals.bySource[s.key]}
                      </td>
                    ))}
                    <td className="numeric">{data.totals.optedOut}</td>
                    <td className="numeric">{data.totals.optedIn}</td>
                  </tr>
                </tfoot>
              </table>
            </div>
          </details>
        </>
      ) : null}
    </Card>
  );
}

type SortKey = 'name' | 'sent' | 'optedOut' | 'rate';
const COLUMNS: { key: SortKey; label: string; numeric: boolean }[] = [
  { key: 'name', label: 'Name', numeric: false },
  { key: 'sent', label: 'Delivered', numeric: true },
  { key: 'optedOut', label: 'Opt-outs', numeric: true },
  { key: 'rate', label: 'Opt-out rate', numeric: true },
];

function compare(a: RateItem, b: RateItem, key: SortKey): number {
  if (key === 'name') return a.name.localeCompare(b.name);
  const left = a[key] ?? -1;
  const right = b[key] ?? -1;
  return left - right;
}

function RateCard({ source, kind, days }: { source: ApiData<OptOutRatesResponse>; kind: 'sequence' | 'number'; days: RangeDays }) {
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: 'rate', descending: true });
  const headingId = `rates-by-${kind}`;
  const data = source.data;
  const items = data ? [...data.items].sort((a, b) => (sort.descending ? -1 : 1) * compare(a, b, sort.key) || a.name.localeCompare(b.name)) : [];
  const maxRate = Math.max(0, ...items.map((i) => i.rate ?? 0));
  const title = kind === 'sequence' ? 'Opt-out rate by sequence' : 'Opt-out rate by sender number';
  return (
    <Card headingId={headingId} title={title} className="section">
      <p className="muted small">
        Each opt-out counts against the {kind === 'sequence' ? 'sequence' : 'number'} of the last text the person received in the 7 days before; delivered counts
        texts the carrier confirmed in the last {days} days.
      </p>
      <LoadStatus source={source} errorTitle={`Could not load the ${title.toLowerCase()}.`} loadingLabel="Loading rates…" />
      {data && items.length === 0 ? (
        <EmptyState title={kind === 'sequence' ? 'No sequence texts in this period.' : 'No texts from your numbers in this period.'}>
          <p>
            {kind === 'sequence' ? (
              <>
                Once a <Link to="/sequences">sequence</Link> sends texts, each one is listed here with how many were delivered and how many people opted out after it.
              </>
            ) : (
              <>Once texts go out from a registered sender number, each number is listed here with its deliveries and the opt-outs that followed.</>
            )}
            {data.optedOut > 0 ? ` ${data.optedOut} opt-outs in this period followed no ${kind === 'sequence' ? 'sequence' : 'number'}'s text.` : null}
          </p>
        </EmptyState>
      ) : null}
      {items.length > 0 ? (
        <>
          <div className="table-wrap">
            <table className="table table-compact rate-table">
              <caption className="visually-hidden">{title}, sortable by each column</caption>
              <thead>
                <tr>
                  {COLUMNS.map((column) => {
                    const active = sort.key === column.key;
                    return (
                      <th key={column.key} scope="col" className={column.numeric ? 'numeric' : undefined} aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
                        <button
                          type="button"
                          className="sort-button"
                          onClick={() => setSort(active ? { key: column.key, descending: !sort.descending } : { key: column.key, descending: column.numeric })}
                        >
                          {column.label}
                          <span aria-hidden="true">{active ? (sort.descending ? ' ▼' : ' ▲') : ''}</span>
                        </button>
                      </th>
                    );
                  })}
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <tr key={item.id}>
                    <th scope="row">{kind === 'number' ? formatPhone(item.name) : <Link to={`/sequences/${item.id}`}>{item.name}</Link>}</th>
                    <td className="numeric">{item.sent}</td>
                    <td className="numeric">{item.optedOut}</td>
                    <td className="numeric rate-cell">
                      <span className="rate-bar" aria-hidden="true">
                        <span className="rate-bar-fill" style={{ width: `${maxRate > 0 && item.rate !== null ? Math.max(2, (item.rate / maxRate) * 100) : 0}%` }} />
                      </span>
                      <span className="rate-value">{percent(item.rate)}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="muted small">
            {data!.optedOut} opt-outs in all; {data!.unattributed} followed no {kind === 'sequence' ? 'sequence' : 'sender number'}'s text in the 7 days before.
          </p>
        </>
      ) : null}
    </Card>
  );
}

function ReviewHealth({ source, days }: { source: ApiData<ReviewQueueHealthResponse>; days: RangeDays }) {
  const data = source.data;
  return (
    <Card headingId="review-health" title="Review queue health" className="section">
      <LoadStatus source={source} errorTitle="Could not load the review queue's health." loadingLabel="Loading the review queue's health…" />
      {data ? (
        <>
          <dl className="stat-grid">
            <div className={`stat${data.overdue > 0 ? ' stat-danger' : ''}`}>
              <dt>Past the FCC deadline</dt>
              <dd>{data.overdue}</dd>
            </div>
            <div className={`stat${data.dueWithinOneBusinessDay > 0 ? ' stat-warn' : ''}`}>
              <dt>Due within one business day</dt>
              <dd>{data.dueWithinOneBusinessDay}</dd>
            </div>
            <div className="stat">
              <dt>Waiting for a decision</dt>
              <dd>{data.pending}</dd>
            </div>
            <div className="stat">
              <dt>Decided, last {days} days</dt>
              <dd>{data.decided}</dd>
            </div>
            <div className="stat">
              <dt>Median time to decision</dt>
              <dd>{duration(data.medianDecisionMs)}</dd>
            </div>
          </dl>
          {data.urgent.length > 0 ? (
            <>
              <h3 className="subheading">Decide these first</h3>
              <ul className="urgent-list">
                {data.urgent.map((item) => (
                  <li key={item.id}>
                    {formatPhone(item.phone)} — {item.overdue ? <strong className="text-danger">overdue</strong> : 'due'} {new Date(item.deadline).toLocaleString()}
                  </li>
                ))}
              </ul>
              <p>
                <Link to="/review-queue">Open the review queue</Link>
              </p>
            </>
          ) : data.pending === 0 && data.decided === 0 ? (
            <p className="muted">
              No reply has needed a decision in the last {days} days. Replies that may mean stop (“not interested”, “enough”) wait in the review queue, and the FCC
              allows 10 business days to honour them; their decisions and deadlines are tracked here.
            </p>
          ) : (
            <p className="muted">Nothing is overdue or due within a business day.</p>
          )}
        </>
      ) : null}
    </Card>
  );
}
