import { useState } from 'react';
import { api } from '../api/client.js';
import type { Page, SenderNumber } from '../api/types.js';
import { formatDate, formatPhone } from '../format.js';
import { Card, describeError, Field, FormActions, LoadStatus, TextField } from './ui.js';
import { useApiData } from './use-api-data.js';
import { useSubmit } from './use-submit.js';

const PROVIDER_LABELS: Record<SenderNumber['provider'], string> = { twilio: 'Twilio', console: 'Test sender (sends nothing)' };

/** The organization's sender numbers (the first one sends) and a form to register one. */
export function SenderNumbers() {
  const numbers = useApiData((signal) => api.get<Page<SenderNumber>>('/numbers', { signal }), []);
  const [phoneNumber, setPhoneNumber] = useState('');
  const [provider, setProvider] = useState<SenderNumber['provider']>('twilio');
  const { busy, error, submit } = useSubmit();
  const [added, setAdded] = useState<string | null>(null);
  const items = numbers.data?.items ?? [];

  const add = submit(async () => {
    setAdded(null);
    const number = await api.post<SenderNumber>('/numbers', { phoneNumber: phoneNumber.trim(), provider });
    setPhoneNumber('');
    setAdded(`${formatPhone(number.phoneNumber)} was added.`);
    numbers.setData((current) => ({ items: [...(current?.items ?? []), number], nextCursor: null }));
  });

  return (
    <Card headingId="numbers-heading" title="Sender numbers" className="section">
      <p className="muted small">
        Texts and calls go out from the first number. Register the number you bought in Twilio here: it is added only once your Twilio account (saved above)
        confirms it owns the number, and only then do Twilio&rsquo;s webhooks for it reach this organization. A test sender number is a label for your
        organization only.
      </p>
      <LoadStatus source={numbers} errorTitle="Could not load sender numbers." loadingLabel="Loading numbers…" />
      {numbers.data && items.length === 0 ? <p className="muted">No sender number yet: texts and calls go through the built-in test sender.</p> : null}
      {items.length > 0 ? (
        <ul className="plain-list number-list" aria-label="Sender numbers">
          {items.map((number, index) => (
            <li key={number.id}>
              <span className="strong">{formatPhone(number.phoneNumber)}</span> <span className="muted small">· {PROVIDER_LABELS[number.provider] ?? number.provider}</span>
              {number.provider === 'twilio' ? <span className="muted small">{number.verified ? ' · confirmed in your Twilio account' : ' · not confirmed with Twilio yet: add it again to confirm'}</span> : null}
              {index === 0 ? <span className="badge badge-info">Sends</span> : null}
              <span className="muted small"> · added {formatDate(number.createdAt)}</span>
            </li>
          ))}
        </ul>
      ) : null}
      <form className="form section-tight" onSubmit={add}>
        <div className="grid-2">
          <TextField
            label="Phone number"
            id="number-phone"
            type="tel"
            required
            maxLength={40}
            placeholder="(415) 555-0000"
            value={phoneNumber}
            onValue={setPhoneNumber}
          />
          <Field label="Sends through" htmlFor="number-provider">
            <select id="number-provider" value={provider} onChange={(e) => setProvider(e.target.value === 'console' ? 'console' : 'twilio')}>
              <option value="twilio">Twilio</option>
              <option value="console">Test sender (sends nothing)</option>
            </select>
          </Field>
        </div>
        {error ? (
          <p className="text-error" role="alert">
            {explain(error)}
          </p>
        ) : null}
        {added ? (
          <p className="text-ok" role="status">
            {added}
          </p>
        ) : null}
        <FormActions busy={busy} busyLabel="Adding…" className="button button-secondary">
          Add number
        </FormActions>
      </form>
    </Card>
  );
}

// The server's messages say what to do (save credentials, buy the number into the account, try again).
function explain(failure: unknown): string {
  return describeError(failure);
}
