import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { api } from '../api/client.js';
import type { OptOutSettings } from '../api/types.js';
import { useSession } from '../session/session.js';
import { Card, ErrorMessage, Field, Loading, SubmitButton } from './ui.js';
import { useApiData } from './use-api-data.js';

/** The zones this browser knows, for the picker; the server checks the choice again. */
function knownTimeZones(current: string): string[] {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [...new Set(['UTC', current, ...zones])].sort();
}

/** Settings → the organization's time zone, where insights begin and end each day. Owners and admins change it. */
export function TimeZoneSettings() {
  const { isAdmin } = useSession();
  const settings = useApiData((signal) => api.get<OptOutSettings>('/settings/opt-out', { signal }), []);
  const [choice, setChoice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (settings.data) setChoice(settings.data.timeZone);
  }, [settings.data]);
  const zones = useMemo(() => knownTimeZones(settings.data?.timeZone ?? 'America/New_York'), [settings.data?.timeZone]);

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!choice) return;
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      settings.setData(await api.put<OptOutSettings>('/settings/opt-out', { timeZone: choice }));
      setSaved(true);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card headingId="time-zone-heading" title="Time zone" className="section">
      <p className="muted">Insights count opt-outs by day in this time zone: an opt-out at 11:30 pm belongs to that day, wherever the server runs.</p>
      <ErrorMessage error={settings.error} onRetry={settings.reload} title="Could not load the time zone." />
      {choice === null ? (
        settings.error ? null : <Loading label="Loading the time zone…" />
      ) : isAdmin ? (
        <form className="form-inline" onSubmit={save}>
          <Field label="Organization time zone" htmlFor="setting-timeZone">
            <select id="setting-timeZone" value={choice} onChange={(event) => { setChoice(event.target.value); setSaved(false); }}>
              {zones.map((zone) => (
                <option key={zone} value={zone}>
                  {zone.replaceAll('_', ' ')}
                </option>
              ))}
            </select>
          </Field>
          <SubmitButton busy={busy} busyLabel="Saving…" disabled={choice === settings.data?.timeZone}>
            Save time zone
          </SubmitButton>
          <ErrorMessage error={error} />
          {saved ? <p role="status" className="muted small">Saved. Insights now count days in {choice.replaceAll('_', ' ')}.</p> : null}
        </form>
      ) : (
        <p>
          <strong>{choice.replaceAll('_', ' ')}</strong> <span className="muted small">(owners and admins can change it)</span>
        </p>
      )}
    </Card>
  );
}
