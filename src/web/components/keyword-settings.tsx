import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError } from '../api/client.js';
import type { Language, OptOutSettings, ReplyTemplates } from '../api/types.js';
import { splitList } from '../format.js';
import { useSession } from '../session/session.js';
import { Card, describeError, ErrorMessage, Field, Loading } from './ui.js';
import { useApiData } from './use-api-data.js';

const MAX_REPLY = 480;

const KEYWORD_FIELDS = [
  { key: 'optOutKeywords', label: 'Opt-out keywords', hint: 'A text that is exactly one of these opts the number out.' },
  { key: 'optInKeywords', label: 'Opt-in keywords', hint: 'Opts an opted-out number back in (YES only counts when the number is opted out).' },
  { key: 'helpKeywords', label: 'Help keywords', hint: 'Answered with the help reply.' },
] as const;

const REPLY_FIELDS = [
  { key: 'optOutReply', label: 'Opt-out confirmation', hint: 'The one text an opted-out number ever gets. No marketing.' },
  { key: 'optInReply', label: 'Opt-in reply', hint: 'Sent when a number opts back in by keyword.' },
  { key: 'helpReply', label: 'Help reply', hint: 'Sent for a help keyword.' },
] as const;

const OTHER_LANGUAGES: { code: Exclude<Language, 'en'>; label: string }[] = [
  { code: 'es', label: 'Spanish' },
  { code: 'fr', label: 'French' },
];

const FIELD_LABELS: Record<string, string> = {
  ...Object.fromEntries(KEYWORD_FIELDS.map((f) => [f.key, f.label])),
  ...Object.fromEntries(REPLY_FIELDS.map((f) => [f.key, f.label])),
  ...Object.fromEntries(OTHER_LANGUAGES.flatMap((l) => REPLY_FIELDS.map((f) => [`translations.${l.code}.${f.key}`, `${f.label} (${l.label})`]))),
  languages: 'Languages',
  optOutNotice: 'Opt-out notice',
  voiceOptOutKey: 'Opt-out key on calls',
  inboundCallForwardTo: 'Forward calls to',
  inboundCallGreeting: 'Greeting for calls',
};

interface Draft {
  optOutKeywords: string;
  optInKeywords: string;
  helpKeywords: string;
  replies: ReplyTemplates;
  languages: Language[];
  translations: Record<Exclude<Language, 'en'>, ReplyTemplates>;
  optOutNoticeEnabled: boolean;
  optOutNotice: string;
  voiceOptOutKey: string;
  inboundCallForwardTo: string;
  inboundCallGreeting: string;
}

function toDraft(settings: OptOutSettings): Draft {
  const empty: ReplyTemplates = { optOutReply: '', optInReply: '', helpReply: '' };
  return {
    optOutKeywords: settings.optOutKeywords.join(', '),
    optInKeywords: settings.optInKeywords.join(', '),
    helpKeywords: settings.helpKeywords.join(', '),
    replies: { optOutReply: settings.optOutReply, optInReply: settings.optInReply, helpReply: settings.helpReply },
    languages: settings.languages,
    translations: { es: settings.translations.es ?? empty, fr: settings.translations.fr ?? empty },
    optOutNoticeEnabled: settings.optOutNoticeEnabled,
    optOutNotice: settings.optOutNotice,
    voiceOptOutKey: settings.voiceOptOutKey,
    inboundCallForwardTo: settings.inboundCallForwardTo ?? '',
    inboundCallGreeting: settings.inboundCallGreeting,
  };
}

function fieldId(key: string): string {
  return `setting-${key.replace(/\./g, '-')}`;
}

/** The organization's keyword lists and reply templates; owners and admins edit, everyone else reads. */
export function KeywordSettings() {
  const { isAdmin } = useSession();
  const settings = useApiData((signal) => api.get<OptOutSettings>('/settings/opt-out', { signal }), []);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; field: string | null } | null>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    if (settings.data) setDraft(toDraft(settings.data));
  }, [settings.data]);

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!draft) return;
    setBusy(true);
    setError(null);
    setSaved(false);
    const change = {
      optOutKeywords: splitList(draft.optOutKeywords),
      optInKeywords: splitList(draft.optInKeywords),
      helpKeywords: splitList(draft.helpKeywords),
      ...draft.replies,
      languages: draft.languages,
      translations: Object.fromEntries(OTHER_LANGUAGES.filter((l) => draft.languages.includes(l.code)).map((l) => [l.code, draft.translations[l.code]])),
      optOutNoticeEnabled: draft.optOutNoticeEnabled,
      optOutNotice: draft.optOutNotice,
      voiceOptOutKey: draft.voiceOptOutKey,
      inboundCallForwardTo: draft.inboundCallForwardTo.trim() || null,
      inboundCallGreeting: draft.inboundCallGreeting,
    };
    try {
      const next = await api.put<OptOutSettings>('/settings/opt-out', change);
      settings.setData(next);
      setSaved(true);
    } catch (failure) {
      const field = failure instanceof ApiError ? failure.field ?? null : null;
      const label = field ? FIELD_LABELS[field] ?? field : null;
      // Server messages name fields by their API keys ("…already in optOutKeywords"); say them as the form does.
      let message = describeError(failure);
      for (const [key, text] of Object.entries(FIELD_LABELS).sort(([a], [b]) => b.length - a.length)) message = message.split(key).join(text.toLowerCase());
      setError({ message: label ? `${label}: ${message}` : message, field });
      if (field) document.getElementById(fieldId(field))?.focus();
    } finally {
      setBusy(false);
    }
  }

  function update(change: Partial<Draft>) {
    setSaved(false);
    setDraft((current) => (current ? { ...current, ...change } : current));
  }

  return (
    <Card headingId="keywords-heading" title="Keywords and replies" className="section">
      <p className="muted">
        Texts are matched whole, ignoring case, spacing and punctuation. Plain-language requests such as “stop texting me” or “wrong number” opt out too. Use{' '}
        <code>{'{organization}'}</code> in a reply for your organization’s name.
      </p>
      {settings.data === null ? (
        settings.error ? (
          <ErrorMessage title="Could not load the settings." error={settings.error} onRetry={settings.reload} />
        ) : (
          <Loading label="Loading settings…" />
        )
      ) : draft ? (
        <form className="form" onSubmit={save}>
          {!isAdmin ? <p className="callout callout-info">Only owners and admins can change these settings.</p> : null}
          <fieldset disabled={!isAdmin || busy} className="plain-fieldset">
            <legend className="visually-hidden">Keyword lists</legend>
            <div className="grid-3">
              {KEYWORD_FIELDS.map((field) => (
                <Field key={field.key} label={field.label} htmlFor={fieldId(field.key)} hint={<>{field.hint} Separate with commas.</>}>
                  <textarea
                    id={fieldId(field.key)}
                    rows={3}
                    value={draft[field.key]}
                    aria-invalid={error?.field === field.key || undefined}
                    aria-describedby={`${fieldId(field.key)}-hint`}
                    onChange={(e) => update({ [field.key]: e.target.value })}
                  />
                </Field>
              ))}
            </div>
          </fieldset>
          <fieldset disabled={!isAdmin || busy} className="plain-fieldset">
            <legend className="h3">Replies (English)</legend>
            {REPLY_FIELDS.map((field) => (
              <ReplyField
                key={field.key}
                id={fieldId(field.key)}
                label={field.label}
                hint={field.hint}
                value={draft.replies[field.key]}
                invalid={error?.field === field.key}
                onChange={(value) => update({ replies: { ...draft.replies, [field.key]: value } })}
              />
            ))}
          </fieldset>
          <fieldset disabled={!isAdmin || busy} className="plain-fieldset">
            <legend className="h3">Opt-out notice on first texts</legend>
            <label className="checkbox">
              <input type="checkbox" checked={draft.optOutNoticeEnabled} onChange={(e) => update({ optOutNoticeEnabled: e.target.checked })} />
              Add the notice to the first text each contact gets, and to the first after 30 days without a text
            </label>
            <Field label="Opt-out notice" htmlFor={fieldId('optOutNotice')} hint="Not added when the text already says how to opt out; never added to confirmations or help replies.">
              <input
                id={fieldId('optOutNotice')}
                type="text"
                maxLength={120}
                value={draft.optOutNotice}
                aria-invalid={error?.field === 'optOutNotice' || undefined}
                aria-describedby={`${fieldId('optOutNotice')}-hint`}
                onChange={(e) => update({ optOutNotice: e.target.value })}
              />
            </Field>
          </fieldset>
          <fieldset disabled={!isAdmin || busy} className="plain-fieldset">
            <legend className="h3">Calls</legend>
            <div className="grid-3">
              <Field label="Opt-out key on calls" htmlFor={fieldId('voiceOptOutKey')} hint="Every automated call and greeting ends with “Press this key to stop all calls and texts”.">
                <select id={fieldId('voiceOptOutKey')} value={draft.voiceOptOutKey} aria-describedby={`${fieldId('voiceOptOutKey')}-hint`} onChange={(e) => update({ voiceOptOutKey: e.target.value })}>
                  {['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '#'].map((key) => (
                    <option key={key} value={key}>
                      {key}
                    </option>
                  ))}
                </select>
              </Field>
              <Field label="Forward calls to" htmlFor={fieldId('inboundCallForwardTo')} hint="Calls to your number are put through here; leave empty to play the greeting instead.">
                <input
                  id={fieldId('inboundCallForwardTo')}
                  type="tel"
                  maxLength={40}
                  value={draft.inboundCallForwardTo}
                  aria-invalid={error?.field === 'inboundCallForwardTo' || undefined}
                  aria-describedby={`${fieldId('inboundCallForwardTo')}-hint`}
                  onChange={(e) => update({ inboundCallForwardTo: e.target.value })}
                />
              </Field>
              <Field label="Greeting for calls" htmlFor={fieldId('inboundCallGreeting')} hint="Played when calls are not forwarded.">
                <textarea
                  id={fieldId('inboundCallGreeting')}
                  rows={2}
                  maxLength={480}
                  value={draft.inboundCallGreeting}
                  aria-invalid={error?.field === 'inboundCallGreeting' || undefined}
                  aria-describedby={`${fieldId('inboundCallGreeting')}-hint`}
                  onChange={(e) => update({ inboundCallGreeting: e.target.value })}
                />
              </Field>
            </div>
          </fieldset>
          <fieldset disabled={!isAdmin || busy} className="plain-fieldset">
            <legend className="h3">Other languages</legend>
            <p className="muted small">When someone writes in one of these languages, replies go out in it.</p>
            <div className="checkbox-row">
              {OTHER_LANGUAGES.map((language) => (
                <label className="checkbox" key={language.code}>
                  <input
                    type="checkbox"
                    checked={draft.languages.includes(language.code)}
                    onChange={(e) =>
                      update({ languages: e.target.checked ? [...draft.languages, language.code] : draft.languages.filter((l) => l !== language.code) })
                    }
                  />
                  {language.label}
                </label>
              ))}
            </div>
            {OTHER_LANGUAGES.filter((l) => draft.languages.includes(l.code)).map((language) => (
              <div key={language.code} className="translation">
                <h3 className="h4">{language.label} replies</h3>
                {REPLY_FIELDS.map((field) => {
                  const key = `translations.${language.code}.${field.key}`;
                  return (
                    <ReplyField
                      key={key}
                      id={fieldId(key)}
                      label={`${field.label} (${language.label})`}
                      value={draft.translations[language.code][field.key]}
                      invalid={error?.field === key}
                      onChange={(value) =>
                        update({ translations: { ...draft.translations, [language.code]: { ...draft.translations[language.code], [field.key]: value } } })
                      }
                    />
                  );
                })}
              </div>
            ))}
          </fieldset>
          {error ? (
            <div className="callout callout-error" role="alert">
              Not saved. {error.message}
            </div>
          ) : null}
          {saved ? (
            <p className="text-ok" role="status">
              Saved. New texts use these keywords and replies from now on.
            </p>
          ) : null}
          {isAdmin ? (
            <div className="form-actions">
              <button type="submit" className="button" disabled={busy}>
                {busy ? 'Saving…' : 'Save keywords and replies'}
              </button>
              <button type="button" className="button button-secondary" disabled={busy} onClick={() => settings.data && setDraft(toDraft(settings.data))}>
                Undo changes
              </button>
            </div>
          ) : null}
        </form>
      ) : null}
    </Card>
  );
}

function ReplyField(props: { id: string; label: string; hint?: string; value: string; invalid: boolean; onChange(value: string): void }) {
  const over = props.value.length > MAX_REPLY;
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <textarea
        id={props.id}
        rows={2}
        value={props.value}
        aria-invalid={props.invalid || over || undefined}
        aria-describedby={`${props.id}-hint`}
        onChange={(e) => props.onChange(e.target.value)}
      />
      <p className={`field-hint${over ? ' text-error' : ''}`} id={`${props.id}-hint`}>
        {props.hint ? `${props.hint} ` : ''}
        {props.value.length}/{MAX_REPLY} characters.
      </p>
    </div>
  );
}
