import { useState } from 'react';
import { api } from '../../api/client.js';
import type { TwilioSettings } from '../../api/types.js';
import { CopyButton } from '../../components/copy-button.js';
import { SenderNumbers } from '../../components/sender-numbers.js';
import { Card, ErrorMessage, FormActions, LoadStatus, PageHeader, TextField } from '../../components/ui.js';
import { useApiData } from '../../components/use-api-data.js';
import { useSubmit } from '../../components/use-submit.js';

/** Settings → Twilio (owners and admins): the account's credentials, sender numbers, and the webhook URLs to paste into Twilio. */
export function TwilioPage() {
  const settings = useApiData((signal) => api.get<TwilioSettings>('/providers/twilio', { signal }), []);
  const origin = window.location.origin;

  return (
    <>
      <PageHeader title="Twilio" subtitle="Send and receive texts and calls through your own Twilio account. Opt-outs are honoured exactly as with any other sender." />
      <Card headingId="twilio-account-heading" title="Account">
        <LoadStatus source={settings} errorTitle="Could not load the Twilio settings." loadingLabel="Loading Twilio settings…" />
        {settings.data ? (
          <>
            <p role="status">
              {settings.data.unreadable ? (
                <>
                  <span className="badge badge-danger">Cannot read the Auth Token</span> Account SID <code>{settings.data.accountSid}</code>: the stored token
                  cannot be decrypted with this server&apos;s SECRET_KEY, so Twilio&apos;s signatures cannot be checked and nothing can be sent. Incoming
                  texts are still kept and can only opt numbers out. Save the credentials again.
                </>
              ) : settings.data.configured ? (
                <>
                  <span className="badge badge-ok">Connected</span> Account SID <code>{settings.data.accountSid}</code>; an Auth Token is stored.
                </>
              ) : (
                <>
                  <span className="badge badge-neutral">Not connected</span> No Twilio account yet: texts and calls go through the built-in test sender, which
                  sends nothing to real phones.
                </>
              )}
            </p>
            <CredentialsForm current={settings.data} onSaved={(saved) => settings.setData(saved)} />
          </>
        ) : null}
      </Card>

      <SenderNumbers />

      <Card headingId="webhooks-heading" title="Webhooks" className="section">
        <p>
          In the Twilio Console, open <strong>Phone Numbers → Manage → Active numbers</strong>, choose your number, and under <strong>Messaging configuration</strong>{' '}
          set “A message comes in” to <strong>Webhook</strong>, <strong>HTTP POST</strong>, with this URL:
        </p>
        <WebhookUrl label="Incoming messages" url={`${origin}/webhooks/twilio/sms`} />
        <p>Delivery reports need no setup: every text asks Twilio to report its status to</p>
        <WebhookUrl label="Status callback" url={`${origin}/webhooks/twilio/status`} />
        <p className="callout callout-warning small">
          These URLs use the address you are viewing this page at. They must start with the public address the server is configured with (its{' '}
          <code>PUBLIC_URL</code>), exactly as Twilio will call it — Twilio signs every request for that address, and a different scheme, host or port means every
          text is refused.
        </p>
      </Card>
    </>
  );
}

function WebhookUrl({ label, url }: { label: string; url: string }) {
  return (
    <div className="field">
      <span className="label">{label}</span>
      <div className="secret">
        <code>{url}</code>
        <CopyButton text={url} />
      </div>
    </div>
  );
}

function CredentialsForm({ current, onSaved }: { current: TwilioSettings; onSaved(settings: TwilioSettings): void }) {
  const [accountSid, setAccountSid] = useState(current.accountSid ?? '');
  const [authToken, setAuthToken] = useState('');
  const { busy, error, submit } = useSubmit();
  const [saved, setSaved] = useState(false);
  const save = submit(async () => {
    setSaved(false);
    const answer = await api.put<TwilioSettings>('/providers/twilio', { accountSid: accountSid.trim(), authToken: authToken.trim() });
    setAuthToken('');
    setSaved(true);
    onSaved(answer);
  });

  return (
    <form className="form" onSubmit={save}>
      <p className="muted small">
        Both are on the Twilio Console's home page (console.twilio.com), under <strong>Account Info</strong>. The Auth Token is stored encrypted and never shown
        again{current.configured ? '; to change either value, enter both' : ''}.
      </p>
      <div className="grid-2">
        <TextField
          label="Account SID"
          id="twilio-sid"
          required
          maxLength={64}
          autoComplete="off"
          spellCheck={false}
          placeholder="AC followed by 32 characters"
          value={accountSid}
          onValue={setAccountSid}
        />
        <TextField
          label="Auth Token"
          id="twilio-token"
          type="password"
          required
          maxLength={200}
          autoComplete="new-password"
          spellCheck={false}
          placeholder={current.configured ? 'Stored — enter a new one to replace it' : ''}
          value={authToken}
          onValue={setAuthToken}
        />
      </div>
      <ErrorMessage error={error} />
      {saved ? (
        <p className="text-ok" role="status">
          Saved. The Auth Token is stored encrypted and will not be shown again.
        </p>
      ) : null}
      <FormActions busy={busy} busyLabel="Saving…">
        {current.configured ? 'Replace credentials' : 'Save credentials'}
      </FormActions>
    </form>
  );
}
