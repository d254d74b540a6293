import { useEffect, useState } from 'react';
import type { SequenceStep } from '../api/types.js';
import { NoticePreview, useNoticePreview } from './notice-preview.js';
import { Field } from './ui.js';

export type DelayUnit = 'minutes' | 'hours' | 'days';

/** A step while it is being edited: the delay as typed, with its unit. */
export interface DraftStep {
  key: number;
  type: SequenceStep['type'];
  body: string;
  amount: string;
  unit: DelayUnit;
}

const UNIT_MINUTES: Record<DelayUnit, number> = { minutes: 1, hours: 60, days: 1440 };
export const MAX_STEPS = 50;
const MAX_DELAY_MINUTES = 525_600;
const MAX_BODY = 1600;

let nextKey = 1;
export function newStep(type: SequenceStep['type'], amount = '0', unit: DelayUnit = 'minutes'): DraftStep {
  nextKey += 1;
  return { key: nextKey, type, body: '', amount, unit };
}

/** The steps as the API takes them, or the first problem in words (naming the step). */
export function toSequenceSteps(steps: DraftStep[]): { steps: SequenceStep[] } | { error: string } {
  if (steps.length === 0) return { error: 'Add at least one step.' };
  const out: SequenceStep[] = [];
  for (const [index, step] of steps.entries()) {
    const amount = Number(step.amount);
    if (step.amount.trim() === '' || !Number.isInteger(amount) || amount < 0) return { error: `Step ${index + 1}: the wait must be a whole number, 0 or more.` };
    const delayMinutes = amount * UNIT_MINUTES[step.unit];
    if (delayMinutes > MAX_DELAY_MINUTES) return { error: `Step ${index + 1}: the wait can be at most a year (365 days).` };
    if (step.type === 'call') {
      if (!step.body.trim()) return { error: `Step ${index + 1}: write the words this call speaks.` };
      out.push({ type: 'call', delayMinutes, voiceMessage: step.body.trim() });
      continue;
    }
    if (!step.body.trim()) return { error: `Step ${index + 1}: write the text this step sends.` };
    out.push({ type: 'sms', body: step.body.trim(), delayMinutes });
  }
  return { steps: out };
}

interface Props {
  steps: DraftStep[];
  onChange(steps: DraftStep[]): void;
  disabled?: boolean;
}

/** Add, remove, reorder and edit a sequence's steps; every control is labelled and reachable by keyboard. */
export function StepEditor({ steps, onChange, disabled }: Props) {
  // After a step is added or removed, keyboard focus goes to the step that is now in its place.
  const [focusId, setFocusId] = useState<string | null>(null);
  useEffect(() => {
    if (focusId) document.getElementById(focusId)?.focus();
    setFocusId(null);
  }, [focusId]);

  function add(type: SequenceStep['type']) {
    const step = newStep(type, '1', 'days');
    onChange([...steps, step]);
    setFocusId(`step-${step.key}-type`);
  }
  function remove(index: number) {
    const next = steps.filter((_, i) => i !== index);
    onChange(next);
    const neighbour = next[Math.min(index, next.length - 1)];
    if (neighbour) setFocusId(`step-${neighbour.key}-type`);
  }
  function update(key: number, change: Partial<DraftStep>) {
    onChange(steps.map((step) => (step.key === key ? { ...step, ...change } : step)));
  }
  function move(index: number, by: -1 | 1) {
    const next = [...steps];
    const [step] = next.splice(index, 1);
    next.splice(index + by, 0, step!);
    onChange(next);
  }

  return (
    <div className="step-editor">
      <ol className="step-list">
        {steps.map((step, index) => {
          const id = `step-${step.key}`;
          const n = index + 1;
          return (
            <li key={step.key}>
              <fieldset className="step card" disabled={disabled}>
                <legend className="step-legend">Step {n}</legend>
                <div className="step-fields">
                  <Field label="Type" htmlFor={`${id}-type`}>
                    <select id={`${id}-type`} value={step.type} onChange={(e) => update(step.key, { type: e.target.value === 'call' ? 'call' : 'sms' })}>
                      <option value="sms">Text message</option>
                      <option value="call">Call</option>
                    </select>
                  </Field>
                  <Field label={index === 0 ? 'Wait after enrolling' : `Wait after step ${index}`} htmlFor={`${id}-amount`}>
                    <div className="delay-input">
                      <input
                        id={`${id}-amount`}
                        type="number"
                        inputMode="numeric"
                        min={0}
                        step={1}
                        required
                        value={step.amount}
                        onChange={(e) => update(step.key, { amount: e.target.value })}
                      />
                      <label htmlFor={`${id}-unit`} className="visually-hidden">
                        Unit for step {n}
                      </label>
                      <select id={`${id}-unit`} value={step.unit} onChange={(e) => update(step.key, { unit: e.target.value as DelayUnit })}>
                        <option value="minutes">minutes</option>
                        <option value="hours">hours</option>
                        <option value="days">days</option>
                      </select>
                    </div>
                  </Field>
                </div>
                {step.type === 'sms' ? (
                  <Field label="Text" htmlFor={`${id}-body`}>
                    <textarea id={`${id}-body`} rows={2} maxLength={MAX_BODY} required value={step.body} onChange={(e) => update(step.key, { body: e.target.value })} />
                  </Field>
                ) : (
                  <>
                    <Field label="Words to speak" htmlFor={`${id}-words`}>
                      <textarea id={`${id}-words`} rows={2} maxLength={1000} required value={step.body} onChange={(e) => update(step.key, { body: e.target.value })} />
                    </Field>
                    <p className="muted small">
                      Calls the contact from your sender number and speaks these words, then “Press 9 to stop all calls and texts” — pressing it opts the number out.
                    </p>
                  </>
                )}
                {step.type === 'sms' && step.body.trim() ? <StepNotice body={step.body} /> : null}
                <div className="step-actions">
                  <button type="button" className="button button-small button-secondary" disabled={index === 0} aria-label={`Move step ${n} up`} onClick={() => move(index, -1)}>
                    ↑ Up
                  </button>
                  <button
                    type="button"
                    className="button button-small button-secondary"
                    disabled={index === steps.length - 1}
                    aria-label={`Move step ${n} down`}
                    onClick={() => move(index, 1)}
                  >
                    ↓ Down
                  </button>
                  <button
                    type="button"
                    className="button button-small button-danger-outline"
                    disabled={steps.length === 1}
                    aria-label={`Remove step ${n}`}
                    onClick={() => remove(index)}
                  >
                    Remove
                  </button>
                </div>
              </fieldset>
            </li>
          );
        })}
      </ol>
      <div className="form-actions">
        <button type="button" className="button button-secondary" disabled={disabled || steps.length >= MAX_STEPS} onClick={() => add('sms')}>
          Add text step
        </button>
        <button type="button" className="button button-secondary" disabled={disabled || steps.length >= MAX_STEPS} onClick={() => add('call')}>
          Add call step
        </button>
      </div>
    </div>
  );
}

/** The opt-out notice this step's text gets when it is a contact's first. */
function StepNotice({ body }: { body: string }) {
  return <NoticePreview preview={useNoticePreview(body)} firstTextOnly />;
}
