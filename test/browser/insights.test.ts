import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { FakeTwilio } from '../support/fake-twilio.js';
import { ACCOUNT_SID, AUTH_TOKEN, TWILIO_NUMBER } from '../support/twilio.js';
import { ApiSession } from './support/api.js';
import { launchBrowser, newContext, watchForPageErrors } from './support/browser.js';
import { ensureWebBuild } from './support/build-web.js';
import { startServer, type RunningServer } from './support/server.js';

const DAY = 24 * 60 * 60 * 1000;

/** Insights: opt-outs made through the API show up in the chart's table, the rate tables and the review queue's health. */
describe('web UI: insights', () => {
  let server: RunningServer;
  let browser: Browser;
  let fake: FakeTwilio;
  // The server's clock runs this far from now, so opt-outs can happen on earlier days.
  let offsetMs = 0;

  beforeAll(async () => {
    await ensureWebBuild();
    fake = await FakeTwilio.start();
    [server, browser] = await Promise.all([startServer({ clock: () => new Date(Date.now() + offsetMs), twilioApiBase: fake.url }), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await fake?.close();
  });

  /** Twilio reports a text delivered, signed as Twilio signs it. */
  async function delivered(messageSid: string, to: string) {
    const params = { MessageSid: messageSid, MessageStatus: 'delivered', AccountSid: ACCOUNT_SID, From: TWILIO_NUMBER, To: to };
    const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, 'http://127.0.0.1/webhooks/twilio/status', params);
    const response = await server.app.inject({ method: 'POST', url: '/webhooks/twilio/status', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature }, payload: new URLSearchParams(params).toString() });
    expect(response.statusCode).toBe(204);
  }

  test('a new organization sees empty states that explain themselves', async () => {
    const context = await newContext(browser, server.url);
    await ApiSession.signUp(context);
    const page = await context.newPage();
    const errors = watchForPageErrors(page);
    try {
      await page.goto('/contacts');
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Insights' }).click();
      await page.getByRole('heading', { name: 'Insights', level: 1 }).waitFor();
      await page.getByText('Nobody opted out in the last 30 days.').waitFor();
      await page.getByText('No sequence texts in this period.').waitFor();
      await page.getByText('No texts from your numbers in this period.').waitFor();
      await page.getByText(/No reply has needed a decision in the last 30 days/).waitFor();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('opt-outs, rates by sequence and number, and review health show the numbers made through the API', async () => {
    const context = await newContext(browser, server.url);
    const owner = await ApiSession.signUp(context);
    fake.ownNumber(ACCOUNT_SID, TWILIO_NUMBER);
    await owner.call('PUT', '/providers/twilio', { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
    await owner.call('POST', '/numbers', { phoneNumber: TWILIO_NUMBER, provider: 'twilio' }, 201);

    // Ten days ago a sequence texted four leads; Twilio confirmed every text delivered.
    offsetMs = -10 * DAY;
    const sequence = await owner.call<{ id: string }>('POST', '/sequences', { name: 'Spring solar offer', steps: [{ type: 'sms', body: 'Spring offer: 20% off panels.', delayMinutes: 0 }] }, 201);
    const leads = ['+14155550171', '+14155550172', '+14155550173', '+14155550174'];
    for (const phone of leads) {
      const contact = await owner.createContact({ phone, name: `Lead ${phone.slice(-2)}` });
      await owner.call('POST', `/sequences/${sequence.id}/enrollments`, { contactId: contact.id }, 201);
    }
    await expect.poll(() => fake.created.filter((r) => r.kind === 'message').length, { timeout: 20_000 }).toBe(4);
    for (const text of fake.created.filter((r) => r.kind === 'message')) await delivered(text.sid, text.to);

    // Two of them opt out over the next days (keyword, then plain language); a teammate adds a number; a reply waits for review.
    offsetMs = -8 * DAY;
    await owner.inbound('+14155550171', 'STOP');
    offsetMs = -6 * DAY;
    await owner.inbound('+14155550172', 'please stop texting me');
    await owner.call('POST', '/opt-outs', { phone: '+14155550199', reason: 'Asked at the trade show' }, 201);
    offsetMs = -1 * DAY;
    await owner.inbound('+14155550173', 'not interested');
    offsetMs = 0;

    const page = await context.newPage();
    const errors = watchForPageErrors(page);
    try {
      await page.goto('/insights');
      const chart = page.getByRole('img', { name: /Stacked bar chart of opt-outs per day by source/ });
      await chart.waitFor();
      expect(await chart.getAttribute('aria-label')).toMatch(/3 opt-outs \(1 keyword \(stop…\), 1 plain-language reply, 1 teammate or api\), 0 opt-ins/);
      await page.locator('.recharts-bar-rectangle').first().waitFor();

      // The chart's numbers as a table: one row a day, the days of the opt-outs with their sources.
      await page.getByText('Show as table').click();
      const dayTable = page.getByRole('table', { name: 'Opt-outs per day by source' });
      await dayTable.waitFor();
      expect(await dayTable.locator('tbody tr').count()).toBe(30);
      const totals = dayTable.locator('tfoot tr');
      expect((await totals.locator('td').allTextContents()).map(Number)).toEqual([1, 1, 0, 1, 0, 0, 3, 0]);
      const busiest = dayTable.locator('tbody tr').filter({ has: page.locator('td:nth-child(8)', { hasText: /^2$/ }) });
      expect(await busiest.count()).toBe(1);

      const sequences = page.getByRole('table', { name: /Opt-out rate by sequence/ });
      const row = sequences.getByRole('row').filter({ hasText: 'Spring solar offer' });
      expect((await row.locator('td').allTextContents()).map((t) => t.trim())).toEqual(['4', '2', '50%']);
      const numbers = page.getByRole('table', { name: /Opt-out rate by sender number/ });
      expect((await numbers.getByRole('row').filter({ hasText: '555' }).locator('td').allTextContents()).map((t) => t.trim())).toEqual(['4', '2', '50%']);
      await page.getByText('3 opt-outs in all; 1 followed no sequence\'s text in the 7 days before.').waitFor();

      // Sorting by name, then by opt-outs, keeps the table readable and says how it is sorted.
      const nameHeader = sequences.getByRole('columnheader', { name: 'Name' });
      await nameHeader.getByRole('button').click();
      expect(await nameHeader.getAttribute('aria-sort')).toBe('ascending');

      const health = page.getByRole('region', { name: 'Review queue health' });
      expect(await health.locator('.stat').filter({ hasText: 'Waiting for a decision' }).locator('dd').textContent()).toBe('1');
      expect(await health.locator('.stat').filter({ hasText: 'Past the FCC deadline' }).locator('dd').textContent()).toBe('0');

      // Folded again for the screenshot, from the top of the page.
      await page.getByText('Show as table').click();
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.mouse.move(0, 0);
      await page.screenshot({ path: 'docs/screenshots/insights.png', fullPage: true });

      // 90 days: the same opt-outs, 90 rows.
      await page.getByRole('button', { name: 'Last 90 days' }).click();
      await page.getByRole('heading', { name: 'Opt-outs per day, last 90 days' }).waitFor();
      await page.getByText('Show as table').click();
      await expect.poll(() => page.getByRole('table', { name: 'Opt-outs per day by source' }).locator('tbody tr').count()).toBe(90);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
