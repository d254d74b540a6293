import { useState, type ReactNode } from 'react';
import { Dialog } from './dialog.js';
import { CancelButton, ErrorMessage } from './ui.js';

interface ConfirmDialogProps<T> {
  title: string;
  /** What happens if the person goes on, in their words. */
  children: ReactNode;
  /** The button, e.g. "Revoke key", and what it says while waiting, e.g. "Revoking…". */
  action: string;
  busyAction: string;
  /** The request; the dialog shows its error and stays open when it fails. */
  run(): Promise<T>;
  onDone(result: T): void;
  onClose(): void;
}

/** Asks before something that cannot be undone (revoke, delete, remove): one danger button, Cancel, and the error if it fails. */
export function ConfirmDialog<T>({ title, children, action, busyAction, run, onDone, onClose }: ConfirmDialogProps<T>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  return (
    <Dialog title={title} onClose={onClose}>
      {children}
      <ErrorMessage error={error} />
      <div className="form-actions">
        <button
          type="button"
          className="button button-danger"
          disabled={busy}
          data-autofocus
          onClick={() => {
            setBusy(true);
            run().then(onDone, (failure: unknown) => {
              setError(failure);
              setBusy(false);
            });
          }}
        >
          {busy ? busyAction : action}
        </button>
        <CancelButton onClick={onClose} />
      </div>
    </Dialog>
  );
}
