import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../api/client.js';
import type { InboundResult } from '../api/types.js';
import { contactDisplayName, formatPhone } from '../format.js';
import { reviewQueueChanged } from './review-count.js';
import { ErrorMessage, Field, FormActions, TextField } from './ui.js';
import { useSubmit } from './use-submit.js';

interface SimulateFormProps {
  /** Fixed sender (on a contact's page); otherwise the form asks for the number. */
  from?: string;
  onResult?(result: InboundResult): void;
  /** Offer a link to the contact in the outcome (not needed on the contact's own page). */
  linkToContact?: boolean;
}

const QUICK_TEXTS = ['STOP', 'START', 'HELP', 'not interested', 'Sounds good, call me tomorrow'];

/**
 * Posts a text "from" a number to the inbound API with the session, so
 * opt-outs can be tried without any SMS provider set up. The server records
 * it as the signed-in teammate's simulated text: STOP still opts out, but
 * START never opts back in (only the contact or an attested opt-in can).
 */
export function SimulateForm({ from, onResult, linkToContact = true }: SimulateFormProps) {
  const [fromNumber, setFromNumber] = useState(from ?? '');
  const [body, setBody] = useState('');
  const { busy, error, submit } = useSubmit();
  const [result, setResult] = useState<InboundResult | null>(null);
  const idPrefix = from ? 'simulate-contact' : 'simulate';
  const receive = submit(async () => {
    setResult(null);
    const answer = await api.post<InboundResult>('/messages/inbound', { from: from ?? fromNumber.trim(), body });
    setResult(answer);
    setBody('');
    if (answer.action === 'review') reviewQueueChanged();
    onResult?.(answer);
  });

  return (
    <form className="form" onSubmit={receive}>
      {from ? null : (
        <TextField
          label="From number"
          id={`${idPrefix}-from`}
          hint="The contact's phone. A number you have not seen before becomes a new contact."
          type="tel"
          required
          maxLength={40}
          placeholder="(415) 555-0101"
          value={fromNumber}
          onValue={setFromNumber}
        />
      )}
      <Field
        label="Text"
        htmlFor={`${idPrefix}-body`}
        hint="Recorded as a simulated text typed by you, never as the contact’s own. STOP and unclear replies take effect, since they only protect people; START does not opt a number back in — only a real text from the contact or an admin’s attested opt-in can."
      >
        <textarea id={`${idPrefix}-body`} aria-describedby={`${idPrefix}-body-hint`} rows={2} required maxLength={5000} value={body} onChange={(e) => setBody(e.target.value)} />
        <div className="quick-texts" role="group" aria-label="Example texts">
          {QUICK_TEXTS.map((text) => (
            <button key={text} type="button" className="chip" onClick={() => setBody(text)}>
              {text}
            </button>
          ))}
        </div>
      </Field>
      <ErrorMessage error={error} />
      <FormActions busy={busy} busyLabel="Receiving…">
        Simulate inbound text
      </FormActions>
      {result ? <Outcome result={result} linkToContact={linkToContact} /> : null}
    </form>
  );
}

function Outcome({ result, linkToContact }: { result: InboundResult; linkToContact: boolean }) {
  const who = contactDisplayName(result.contact);
  const named = Boolean(result.contact.name?.trim());
  const headline: Record<InboundResult['action'], string> = {
    opted_out: named
      ? `${who} is now opted out. No more texts or calls will go to ${formatPhone(result.contact.phone)}.`
      : `${who} is now opted out. No more texts or calls will go to this number.`,
    opted_in: `${who} opted back in and can be texted again.`,
    help: `${who} asked for help.`,
    review: `This text might be a request to stop; it was set aside for a person to review. Until someone decides, ${who} will not be texted or called.`,
    none: result.withheld === 'opted_in' ? `${who} was not opted back in.` : `Received as an ordinary reply from ${who}.`,
  };
  return (
    <div className={`callout ${result.action === 'opted_out' ? 'callout-danger' : result.action === 'review' ? 'callout-warning' : 'callout-info'}`} role="status">
      <p>
        <strong>{headline[result.action]}</strong>
      </p>
      {result.withheld === 'opted_in' ? (
        <p role="note">
          A simulated {result.message.body.trim().toUpperCase().slice(0, 20)} does not opt {who} back in: only a text from {who}&rsquo;s own phone (through your SMS provider or
          an API integration) or an owner&rsquo;s or admin&rsquo;s attested opt-in on the contact&rsquo;s page can. {who} stays opted out.
        </p>
      ) : null}
      {result.simulated ? <p className="muted small">Recorded as a simulated text typed by you, not as {who}&rsquo;s own.</p> : null}
      {result.reply ? <p>Automatic reply: “{result.reply}”</p> : null}
      {result.action === 'review' ? (
        <p>
          <Link to="/review-queue">Open the review queue</Link>
        </p>
      ) : null}
      {linkToContact ? (
        <p>
          <Link to={`/contacts/${result.contact.id}`}>Open {who}</Link>
        </p>
      ) : null}
    </div>
  );
}
