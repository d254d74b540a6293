import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api, ApiError } from '../api/client.js';
import type { Sequence } from '../api/types.js';
import { newStep, StepEditor, toSequenceSteps, type DraftStep } from '../components/step-editor.js';
import { describeError, ErrorMessage, PageHeader, SubmitButton, TextField } from '../components/ui.js';
import { useSubmit } from '../components/use-submit.js';

/** Create a sequence: a name and its steps, each a wait after the one before. */
export function NewSequencePage() {
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [steps, setSteps] = useState<DraftStep[]>(() => [newStep('sms')]);
  const { busy, error, setError, run } = useSubmit({ keepBusy: true });

  function create(event: FormEvent) {
    event.preventDefault();
    if (!name.trim()) {
      setError('Name the sequence.');
      return;
    }
    const built = toSequenceSteps(steps);
    if ('error' in built) {
      setError(built.error);
      return;
    }
    void run(async () => {
      const sequence = await api.post<Sequence>('/sequences', { name: name.trim(), steps: built.steps });
      navigate(`/sequences/${sequence.id}`);
    });
  }

  return (
    <div className="page-narrow-content">
      <p className="back-link">
        <Link to="/sequences">← All sequences</Link>
      </p>
      <PageHeader
        title="New sequence"
        subtitle="Each step waits after the one before (the first, after enrolling). Steps never go to a number that opted out or whose reply awaits review."
      />
      <form className="form" onSubmit={create} noValidate>
        <TextField label="Name" id="sequence-name" required maxLength={200} placeholder="e.g. New lead follow-up" value={name} onValue={setName} />
        <h2 className="h3">Steps</h2>
        <StepEditor steps={steps} onChange={setSteps} disabled={busy} />
        <ErrorMessage error={error === null ? null : explain(error)} />
        <div className="form-actions">
          <SubmitButton busy={busy} busyLabel="Creating…">
            Create sequence
          </SubmitButton>
          <Link className="button button-secondary" to="/sequences">
            Cancel
          </Link>
        </div>
        <p className="muted small">Steps cannot be changed once the sequence exists, so enrolled contacts always get what they were enrolled in.</p>
      </form>
    </div>
  );
}

/** Server refusals name the field, e.g. "steps.1.body": say which step. */
function explain(error: unknown): string {
  const step = error instanceof ApiError ? /^steps\.(\d+)/.exec(error.field ?? '') : null;
  return step ? `Step ${Number(step[1]) + 1}: ${describeError(error)}` : describeError(error);
}
