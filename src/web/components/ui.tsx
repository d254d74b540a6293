import { useEffect, type InputHTMLAttributes, type ReactNode } from 'react';
import { ApiError } from '../api/client.js';
import type { ApiData } from './use-api-data.js';

/** A readable sentence for a failure; server messages like "phone: not valid." lose their field prefix. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    let message = error.message;
    if (error.field && message.startsWith(`${error.field}: `)) message = message.slice(error.field.length + 2);
    return message.charAt(0).toUpperCase() + message.slice(1);
  }
  if (typeof error === 'string') return error;
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong. Try again.';
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

export function ErrorMessage({ error, onRetry, title }: { error: unknown; onRetry?: () => void; title?: string }) {
  if (error === null || error === undefined || error === '') return null;
  return (
    <div className="callout callout-error" role="alert">
      {title ? <strong>{title} </strong> : null}
      {describeError(error)}
      {onRetry ? (
        <button type="button" className="button button-small button-secondary callout-action" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty-state">
      <p className="empty-state-title">{title}</p>
      {children ? <div className="empty-state-body">{children}</div> : null}
    </div>
  );
}

export function OptedOutBadge({ title }: { title?: string }) {
  return (
    <span className="badge badge-danger" title={title}>
      Opted out
    </span>
  );
}

export function AwaitingReviewBadge() {
  return (
    <span className="badge badge-warning" title="A reply may mean stop; nobody texts or calls this number until a teammate decides.">
      Awaiting review
    </span>
  );
}

/** Names the browser tab after the page, so history and tabs are readable. */
export function useDocumentTitle(title: string | null): void {
  useEffect(() => {
    document.title = title ? `${title} · SalesPartner` : 'SalesPartner';
  }, [title]);
}

export function PageHeader({ title, subtitle, actions }: { title: ReactNode; subtitle?: ReactNode; actions?: ReactNode }) {
  useDocumentTitle(typeof title === 'string' ? title : null);
  return (
    <header className="page-header">
      <div className="page-header-text">
        <h1>{title}</h1>
        {subtitle ? <p className="page-subtitle">{subtitle}</p> : null}
      </div>
      {actions ? <div className="page-header-actions">{actions}</div> : null}
    </header>
  );
}

/** A labelled form field; a hint gets the id `${htmlFor}-hint`, for the input's aria-describedby. */
export function Field({ label, htmlFor, hint, className, children }: { label: string; htmlFor: string; hint?: ReactNode; className?: string; children: ReactNode }) {
  return (
    <div className={className ? `field ${className}` : 'field'}>
      <label htmlFor={htmlFor}>{label}</label>
      {children}
      {hint ? (
        <p className="field-hint" id={`${htmlFor}-hint`}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'className' | 'value' | 'onChange'>;

/** A labelled one-line input; its hint, if any, is read out with it. `className` is the field's. */
export function TextField({
  label,
  id,
  hint,
  className,
  value,
  onValue,
  ...input
}: InputProps & { label: string; id: string; hint?: ReactNode; className?: string; value: string; onValue(value: string): void }) {
  return (
    <Field label={label} htmlFor={id} hint={hint} className={className}>
      <input id={id} aria-describedby={hint ? `${id}-hint` : undefined} {...input} value={value} onChange={(e) => onValue(e.target.value)} />
    </Field>
  );
}

type FieldProps = { label: string; id: string; value: string; onValue(value: string): void };

/** A password someone sets, held to the server's rule: 8 to 200 characters. */
export function NewPasswordField({ hint, ...field }: FieldProps & { hint: string }) {
  return <TextField {...field} hint={hint} type="password" required minLength={8} maxLength={200} autoComplete="new-password" />;
}

/** A list's search box, taking the toolbar's free width. */
export function SearchField(field: FieldProps & { placeholder: string }) {
  return <TextField {...field} className="field-grow" type="search" />;
}

/** Disabled while busy, so a slow request is never sent twice; the busy label tells the person it is under way. */
export function SubmitButton({ busy, busyLabel, className = 'button', disabled, children }: { busy: boolean; busyLabel: string; className?: string; disabled?: boolean; children: ReactNode }) {
  return (
    <button type="submit" className={className} disabled={busy || disabled}>
      {busy ? busyLabel : children}
    </button>
  );
}

export function CancelButton({ onClick }: { onClick(): void }) {
  return (
    <button type="button" className="button button-secondary" onClick={onClick}>
      Cancel
    </button>
  );
}

export function FormActions({ onCancel, ...submit }: Parameters<typeof SubmitButton>[0] & { onCancel?(): void }) {
  return (
    <div className="form-actions">
      <SubmitButton {...submit} />
      {onCancel ? <CancelButton onClick={onCancel} /> : null}
    </div>
  );
}

/** A failed load with a retry, or the spinner of a first load; a reload keeps the old data on screen instead. */
export function LoadStatus({ source, errorTitle, loadingLabel }: { source: Pick<ApiData<unknown>, 'data' | 'error' | 'loading' | 'reload'>; errorTitle: string; loadingLabel: string }) {
  return (
    <>
      <ErrorMessage error={source.error} onRetry={source.reload} title={errorTitle} />
      {source.data === null && source.loading ? <Loading label={loadingLabel} /> : null}
    </>
  );
}

/** A page's one record, not loaded yet or not at all; a 404 means a wrong or foreign link, which no retry would mend. */
export function RecordLoadStatus({
  source,
  missing,
  errorTitle,
  loadingLabel,
}: {
  source: Pick<ApiData<unknown>, 'error' | 'reload'>;
  missing: string;
  errorTitle: string;
  loadingLabel: string;
}) {
  if (!source.error) return <Loading label={loadingLabel} />;
  const notFound = source.error instanceof ApiError && source.error.status === 404;
  return <ErrorMessage error={notFound ? missing : source.error} title={notFound ? undefined : errorTitle} onRetry={notFound ? undefined : source.reload} />;
}

/** On narrow screens each row becomes a card, its cells labelled by their data-label. */
export function CardTable({
  caption,
  columns,
  className,
  refreshing,
  children,
}: {
  caption: ReactNode;
  columns: readonly string[];
  className?: string;
  /** A reload is under way: the old rows stay, dimmed. */
  refreshing?: boolean;
  children: ReactNode;
}) {
  return (
    <div className={`table-wrap${refreshing ? ' is-refreshing' : ''}`} aria-busy={refreshing}>
      <table className={className ? `table table-cards ${className}` : 'table table-cards'}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** A section named by its own heading, so screen readers list it as a region. */
export function Card({ headingId, title, className, children }: { headingId: string; title: ReactNode; className?: string; children: ReactNode }) {
  return (
    <section className={className ? `card ${className}` : 'card'} aria-labelledby={headingId}>
      <h2 id={headingId} className="card-title">
        {title}
      </h2>
      {children}
    </section>
  );
}
