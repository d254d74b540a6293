import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import { Link } from 'react-router-dom';
import { api, apiUrl } from '../../api/client.js';
import type { ImportJob, ImportResult, LedgerVerification, OptOutEntry, Page } from '../../api/types.js';
import { Dialog } from '../../components/dialog.js';
import { KeywordSettings } from '../../components/keyword-settings.js';
import { TimeZoneSettings } from '../../components/time-zone-settings.js';
import { Card, CardTable, EmptyState, ErrorMessage, FormActions, LoadStatus, PageHeader, SearchField, TextField } from '../../components/ui.js';
import { useApiData, useDebounced } from '../../components/use-api-data.js';
import { useSubmit } from '../../components/use-submit.js';
import { formatDateTime, formatPhone, optOutSummary, sourceLabel } from '../../format.js';
import { useSession } from '../../session/session.js';

const PAGE_SIZE = 25;
/** Files up to this size are imported at once (POST /opt-outs/import); larger ones run as a background job with a progress bar. */
const SYNC_IMPORT_BYTES = 1024 * 1024;
const MAX_IMPORT_BYTES = 200 * 1024 * 1024;
const POLL_MS = 1000;

/** Settings → Opt-Out Management: the list of every opted-out number, import and export, keywords and replies. */
export function OptOutManagementPage() {
  const { isAdmin } = useSession();
  const [query, setQuery] = useState('');
  const search = useDebounced(query.trim(), 250);
  // Cursors of the pages before the current one; the current page's cursor is the last pushed.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [version, setVersion] = useState(0);
  const cursor = cursors[cursors.length - 1] ?? null;
  const list = useApiData((signal) => api.get<Page<OptOutEntry>>('/opt-outs', { query: { search, limit: PAGE_SIZE, cursor }, signal }), [search, cursor, version]);
  const [adding, setAdding] = useState(false);
  const [importOutcome, setImportOutcome] = useState<ImportOutcome | null>(null);
  const [importJob, setImportJob] = useState<{ id: string; fileName: string; estimatedRows: number } | null>(null);

  function refreshFromStart() {
    setCursors([null]);
    setVersion((n) => n + 1);
  }

  const pageNumber = cursors.length;
  const items = list.data?.items ?? [];

  return (
    <>
      <PageHeader
        title="Opt-Out Management"
        subtitle="Every number that asked not to be contacted. Nobody on this list gets a text or call — from you, a scheduled send, a sequence or the API."
        actions={
          <>
            <a className="button button-secondary" href={apiUrl('/opt-outs/export')} download>
              Export CSV
            </a>
            <ImportButton
              onOutcome={(outcome) => {
                setImportOutcome(outcome);
                if (outcome?.result) refreshFromStart();
              }}
              onJob={setImportJob}
            />
            <button type="button" className="button" onClick={() => setAdding(true)}>
              Add number
            </button>
          </>
        }
      />
      {importOutcome ? <ImportOutcomeMessage outcome={importOutcome} onDismiss={() => setImportOutcome(null)} /> : null}
      {importJob ? (
        <ImportJobProgress
          key={importJob.id}
          {...importJob}
          onFinished={refreshFromStart}
          onDismiss={() => setImportJob(null)}
        />
      ) : null}

      <section aria-labelledby="opt-out-list-heading" className="section">
        <h2 id="opt-out-list-heading" className="visually-hidden">
          Opt-out list
        </h2>
        <div className="toolbar" role="search">
          <SearchField
            label="Search opt-outs"
            id="opt-out-search"
            placeholder="Name, email or phone — e.g. (415) 555-0101 or 555-0101"
            value={query}
            onValue={(value) => {
              setQuery(value);
              setCursors([null]);
            }}
          />
        </div>

        <LoadStatus source={list} errorTitle="Could not load the opt-out list." loadingLabel="Loading opt-outs…" />
        {list.data !== null && items.length === 0 ? (
          search ? (
            <EmptyState title="No opted-out number matches.">
              <p>Search by name, email, or any part of the phone number in any format.</p>
            </EmptyState>
          ) : (
            <EmptyState title="No one has opted out yet.">
              <p>
                When a contact texts STOP (try it with <Link to="/simulate">Simulate inbound text</Link>), asks in their own words, or is opted out by a teammate, the
                number appears here.
              </p>
            </EmptyState>
          )
        ) : null}
        {items.length > 0 ? (
          <CardTable caption="Opted-out numbers, newest first" columns={['Contact', 'Phone', 'Opted out', 'Reason and source']} refreshing={list.loading}>
            {items.map((entry) => (
              <tr key={entry.phone}>
                <td data-label="Contact">
                  {entry.contact ? (
                    <>
                      <Link to={`/contacts/${entry.contact.id}`} className="strong-link">
                        {entry.contact.name?.trim() || formatPhone(entry.contact.phone)}
                      </Link>
                      {entry.contact.email ? <div className="muted small">{entry.contact.email}</div> : null}
                    </>
                  ) : (
                    <span className="muted">No contact</span>
                  )}
                </td>
                <td data-label="Phone" className="nowrap">
                  {formatPhone(entry.phone)}
                </td>
                <td data-label="Opted out" className="nowrap">
                  <time dateTime={entry.optedOutAt}>{formatDateTime(entry.optedOutAt)}</time>
                </td>
                <td data-label="Reason and source">
                  <div>{optOutSummary(entry)}</div>
                  <div className="muted small">
                    {sourceLabel(entry.source)}
                    {entry.keyword ? (
                      <>
                        {' · keyword '}
                        <span className="keyword">{entry.keyword}</span>
                      </>
                    ) : null}
                    {entry.rule ? ` · rule ${entry.rule}` : ''}
                  </div>
                </td>
              </tr>
            ))}
          </CardTable>
        ) : null}
        {list.data !== null && (cursors.length > 1 || list.data.nextCursor) ? (
          <nav className="pager" aria-label="Opt-out list pages">
            <button type="button" className="button button-secondary" disabled={cursors.length <= 1 || list.loading} onClick={() => setCursors((c) => c.slice(0, -1))}>
              Previous page
            </button>
            <span className="muted">Page {pageNumber}</span>
            <button
              type="button"
              className="button button-secondary"
              disabled={!list.data.nextCursor || list.loading}
              onClick={() => {
                const next = list.data?.nextCursor;
                if (next) setCursors((c) => [...c, next]);
              }}
            >
              Next page
            </button>
          </nav>
        ) : null}
      </section>

      <KeywordSettings />
      <TimeZoneSettings />
      {isAdmin ? <LedgerCheck /> : null}

      {adding ? (
        <AddNumberDialog
          onClose={() => setAdding(false)}
          onAdded={() => {
            setAdding(false);
            refreshFromStart();
          }}
        />
      ) : null}
    </>
  );
}

interface ImportOutcome {
  fileName: string;
  result: ImportResult | null;
  error: unknown;
}

function ImportOutcomeMessage({ outcome, onDismiss }: { outcome: ImportOutcome; onDismiss(): void }) {
  if (outcome.error) return <ErrorMessage title={`Could not import ${outcome.fileName}.`} error={outcome.error} />;
  const result = outcome.result!;
  return (
    <div className={`callout ${result.errors.length ? 'callout-warning' : 'callout-success'} import-result`} role="status">
      <p>
        <strong>Imported {outcome.fileName}:</strong> {result.imported} {result.imported === 1 ? 'number' : 'numbers'} added to the opt-out list ·{' '}
        {result.skipped} skipped · {result.errors.length} {result.errors.length === 1 ? 'row' : 'rows'} with errors.
      </p>
      {result.skipped ? <p className="small">Skipped rows were already on the list, repeated in the file, or had an error.</p> : null}
      {result.errors.length ? (
        <>
          <p>These rows were not imported:</p>
          <ul className="import-errors">
            {result.errors.slice(0, 50).map((error) => (
              <li key={`${error.row}-${error.value}`}>
                Row {error.row}: “{error.value}” — {error.error}
              </li>
            ))}
          </ul>
          {result.errors.length > 50 ? <p className="muted small">…and {result.errors.length - 50} more.</p> : null}
        </>
      ) : null}
      <button type="button" className="button button-small button-secondary" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}

/** A background import: a progress bar polling GET /opt-outs/imports/:id until it is done, then the counts and the errors by line. */
function ImportJobProgress({ id, fileName, estimatedRows, onFinished, onDismiss }: { id: string; fileName: string; estimatedRows: number; onFinished(): void; onDismiss(): void }) {
  const [job, setJob] = useState<ImportJob | null>(null);
  const [error, setError] = useState<unknown>(null);
  const finished = useRef(onFinished);
  finished.current = onFinished;
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const next = await api.get<ImportJob>(`/opt-outs/imports/${id}`);
        if (stopped) return;
        setJob(next);
        setError(null);
        if (next.status !== 'running') {
          finished.current();
          return;
        }
      } catch (failure) {
        if (stopped) return;
        setError(failure);
      }
      timer = setTimeout(() => void poll(), POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [id]);

  const running = !job || job.status === 'running';
  const processed = job?.processed ?? 0;
  const total = Math.max(estimatedRows, processed, 1);
  const percent = running ? Math.min(99, Math.floor((processed / total) * 100)) : 100;
  const tone = job?.status === 'failed' ? 'callout-error' : job && (job.status === 'running' || job.errorCount === 0) ? 'callout-success' : 'callout-warning';
  return (
    <div className={`callout ${running ? '' : tone} import-result import-job`} role="status" aria-live="polite">
      <p>
        <strong>
          {running ? `Importing ${fileName}…` : job?.status === 'completed' ? `Imported ${fileName}.` : `The import of ${fileName} stopped.`}
        </strong>
      </p>
      <label htmlFor={`import-progress-${id}`} className="small">
        {running ? `${percent}% — ${processed.toLocaleString()} of about ${total.toLocaleString()} rows` : `${processed.toLocaleString()} rows read`}
      </label>
      <progress id={`import-progress-${id}`} max={total} value={running ? processed : total} aria-valuetext={`${percent}%`} style={{ display: 'block', width: '100%' }} />
      {job ? (
        <p className="small">
          {job.imported.toLocaleString()} added to the opt-out list · {job.skipped.toLocaleString()} skipped · {job.errorCount.toLocaleString()}{' '}
          {job.errorCount === 1 ? 'row' : 'rows'} with errors
        </p>
      ) : null}
      {job?.failure ? <p className="text-error">{job.failure}</p> : null}
      {job && job.errors.length ? (
        <>
          <p>These rows were not imported:</p>
          <ul className="import-errors">
            {job.errors.map((rowError) => (
              <li key={`${rowError.row}-${rowError.line}`}>
                Line {rowError.line}: “{rowError.value}” — {rowError.error}
              </li>
            ))}
          </ul>
          {job.errorCount > job.errors.length ? <p className="muted small">…and {(job.errorCount - job.errors.length).toLocaleString()} more.</p> : null}
        </>
      ) : null}
      <ErrorMessage title="Could not read the import's progress; still trying." error={error} />
      {running ? null : (
        <button type="button" className="button button-small button-secondary" onClick={onDismiss}>
          Dismiss
        </button>
      )}
    </div>
  );
}

/** About how many data rows a CSV has: its line breaks, less the header (a quoted line break counts too, so it is an estimate). */
async function estimateRows(file: File): Promise<number> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let lines = 0;
  for (let i = 0; i < bytes.length; i += 1) if (bytes[i] === 10) lines += 1;
  if (bytes.length > 0 && bytes[bytes.length - 1] !== 10) lines += 1;
  return Math.max(0, lines - 1);
}

function ImportButton({ onOutcome, onJob }: { onOutcome(outcome: ImportOutcome | null): void; onJob(job: { id: string; fileName: string; estimatedRows: number } | null): void }) {
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);

  async function importFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    onOutcome(null);
    if (file.size > MAX_IMPORT_BYTES) {
      onOutcome({ result: null, error: 'The file is larger than 200 MB; split it into smaller files.', fileName: file.name });
      return;
    }
    setBusy(true);
    if (file.size > SYNC_IMPORT_BYTES) {
      // Large: the file itself is the body (the browser streams it), and the import runs as a job.
      try {
        onJob(null);
        const estimatedRows = await estimateRows(file);
        const job = await api.post<ImportJob>('/opt-outs/imports', undefined, { query: { fileName: file.name }, rawBody: { contentType: 'text/csv', text: file } });
        onJob({ id: job.id, fileName: file.name, estimatedRows });
      } catch (error) {
        onOutcome({ result: null, error, fileName: file.name });
      } finally {
        setBusy(false);
      }
      return;
    }
    try {
      const text = await file.text();
      const result = await api.post<ImportResult>('/opt-outs/import', undefined, { rawBody: { contentType: 'text/csv', text } });
      onOutcome({ result, error: null, fileName: file.name });
    } catch (error) {
      onOutcome({ result: null, error, fileName: file.name });
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <button type="button" className="button button-secondary" disabled={busy} onClick={() => input.current?.click()} aria-describedby="import-hint">
        {busy ? 'Importing…' : 'Import CSV'}
      </button>
      <span id="import-hint" className="visually-hidden">
        Choose a CSV file with a phone column and an optional reason column. Its numbers are added to the opt-out list; nobody is opted in.
      </span>
      <input ref={input} type="file" accept=".csv,text/csv" className="visually-hidden" tabIndex={-1} aria-label="CSV file to import" onChange={importFile} />
    </>
  );
}

function AddNumberDialog({ onClose, onAdded }: { onClose(): void; onAdded(): void }) {
  const [phone, setPhone] = useState('');
  const [reason, setReason] = useState('');
  const { busy, error, submit } = useSubmit({ keepBusy: true });
  const add = submit(async () => {
    await api.post('/opt-outs', { phone: phone.trim(), reason: reason.trim() || null });
    onAdded();
  });

  return (
    <Dialog title="Add a number to the opt-out list" onClose={onClose}>
      <form className="form" onSubmit={add}>
        <p>The number will get no texts or calls, whether or not it belongs to a contact.</p>
        <TextField
          label="Phone"
          id="add-opt-out-phone"
          type="tel"
          required
          maxLength={40}
          placeholder="(415) 555-0101"
          value={phone}
          onValue={setPhone}
          autoFocus
        />
        <TextField
          label="Reason"
          id="add-opt-out-reason"
          maxLength={500}
          placeholder="e.g. Asked by email not to be contacted"
          value={reason}
          onValue={setReason}
        />
        <ErrorMessage error={error} />
        <FormActions busy={busy} busyLabel="Adding…" className="button button-danger" onCancel={onClose}>
          Add to opt-out list
        </FormActions>
      </form>
    </Dialog>
  );
}

function LedgerCheck() {
  const [result, setResult] = useState<LedgerVerification | null>(null);
  const { busy, error, run } = useSubmit();

  function verify() {
    return run(async () => {
      setResult(null);
      setResult(await api.get<LedgerVerification>('/consent-ledger/verify'));
    });
  }

  return (
    <Card headingId="ledger-heading" title="Consent history check" className="section">
      <p className="muted">
        Every opt-out and opt-in is recorded in an append-only history, each entry sealed with a hash of the one before. Checking it proves nothing was changed or
        removed.
      </p>
      <button type="button" className="button button-secondary" onClick={() => void verify()} disabled={busy}>
        {busy ? 'Checking…' : 'Verify consent history'}
      </button>
      {result ? (
        result.ok ? (
          <p className="text-ok" role="status">
            Intact: all {result.checked} consent {result.checked === 1 ? 'event checks' : 'events check'} out.
          </p>
        ) : (
          <p className="text-error" role="alert">
            Broken: the history was altered at event {result.firstBrokenEventId ?? 'unknown'} ({result.checked} checked). Contact support.
          </p>
        )
      ) : null}
      <ErrorMessage error={error} />
    </Card>
  );
}
