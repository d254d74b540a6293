import { useState, type FormEvent } from 'react';

interface SubmitOptions {
  /**
   * Stay busy after a success: the form is about to close or the page to
   * change, and its button should not come back to life meanwhile.
   */
  keepBusy?: boolean;
}

export interface Submit {
  busy: boolean;
  /** The last failure, for ErrorMessage; cleared when the next try starts. */
  error: unknown;
  setError(error: unknown): void;
  run(action: () => Promise<void>): Promise<void>;
  /** An onSubmit handler that keeps the browser from reloading the page and runs `action`. */
  submit(action: () => Promise<void>): (event: FormEvent) => void;
}

/** A form's busy flag and failure, so every form can be pressed once at a time and says why it failed. */
export function useSubmit({ keepBusy = false }: SubmitOptions = {}): Submit {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await action();
      if (!keepBusy) setBusy(false);
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  }

  function submit(action: () => Promise<void>) {
    return (event: FormEvent) => {
      event.preventDefault();
      void run(action);
    };
  }

  return { busy, error, setError, run, submit };
}
