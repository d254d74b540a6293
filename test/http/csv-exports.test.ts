import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { call, createTestApp, signUpOrganization, type Organization, type TestApp } from '../support/test-app.js';

const HYPERLINK = '=HYPERLINK("http://evil.example","x")';

describe.each(DIALECTS)('CSV exports a spreadsheet opens safely (%s)', (dialect) => {
  let t: TestApp;
  let org: Organization;
  beforeEach(async () => {
    t = await createTestApp(dialect);
    org = await signUpOrganization(t.app);
  });
  afterEach(() => t.close());

  const importCsv = (apiKey: string, csv: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/opt-outs/import', headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'text/csv' }, payload: csv });

  it('neutralises every cell that would start a formula, keeps E.164 numbers as they are, and re-imports what it exported', async () => {
    const contact = (await call(t.app, org.apiKey, 'POST', '/api/v1/contacts', { name: HYPERLINK, phone: '(415) 555-0101', email: '-maria@x.example' })).json();
    await call(t.app, org.apiKey, 'POST', `/api/v1/contacts/${contact.id}/opt-out`, { reason: '+cmd|\' /C calc\'!A0' });
    await call(t.app, org.apiKey, 'POST', '/api/v1/contacts', { name: '@SUM(1+1)', phone: '+12125550142' });
    await call(t.app, org.apiKey, 'POST', '/api/v1/opt-outs', { phone: '+12125550142', reason: '-2+3' });

    const exported = await call(t.app, org.apiKey, 'GET', '/api/v1/opt-outs/export');
    expect(exported.statusCode).toBe(200);
    const rows: Record<string, string>[] = parse(exported.body, { columns: true });
    const maria = rows.find((row) => row.phone === '+14155550101');
    expect(maria).toMatchObject({ phone: '+14155550101', name: `'${HYPERLINK}`, email: "'-maria@x.example", reason: "'+cmd|' /C calc'!A0" });
    expect(rows.find((row) => row.phone === '+12125550142')).toMatchObject({ name: "'@SUM(1+1)", reason: "'-2+3" });
    // No cell of the file begins with a formula character, except the phone numbers, which are exactly E.164.
    for (const row of rows) {
      for (const [column, value] of Object.entries(row)) {
        if (column === 'phone') expect(value).toMatch(/^\+[1-9]\d{1,14}$/);
        else expect(value).not.toMatch(/^[=+\-@\t\r]/);
      }
    }

    const report = await call(t.app, org.apiKey, 'GET', `/api/v1/contacts/${contact.id}/consent-report?format=csv`);
    const events: Record<string, string>[] = parse(report.body, { columns: true });
    expect(events[0]).toMatchObject({ phone: '+14155550101', reason: "'+cmd|' /C calc'!A0" });

    // The exported file, and the same file after a spreadsheet kept its apostrophes, re-import as the same numbers.
    const other = await signUpOrganization(t.app, 'Other Co');
    expect((await importCsv(other.apiKey, exported.body)).json()).toMatchObject({ imported: 2, errors: [] });
    const third = await signUpOrganization(t.app, 'Third Co');
    expect((await importCsv(third.apiKey, "phone,reason\n'+14155550101,x\n'+12125550142,y\n")).json()).toMatchObject({ imported: 2, errors: [] });
    for (const apiKey of [other.apiKey, third.apiKey]) {
      const { optedOut } = (await call(t.app, apiKey, 'POST', '/api/v1/opt-outs/check', { phones: ['+14155550101', '+12125550142'] })).json();
      expect(optedOut.sort()).toEqual(['+12125550142', '+14155550101']);
    }
  });
});
