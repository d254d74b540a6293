import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { ApiSession } from './support/api.js';
import { launchBrowser, newContext, watchForPageErrors } from './support/browser.js';
import { ensureWebBuild } from './support/build-web.js';
import { startServer, type RunningServer } from './support/server.js';
import { startWebhookReceiver, verifyWebhookSignature, type WebhookReceiver } from '../support/webhook-receiver.js';

/** Settings → Webhooks: add an endpoint, copy its secret once, watch deliveries fail, retry one and see it delivered. */
describe('web UI: webhooks', () => {
  let server: RunningServer;
  let browser: Browser;
  let receiver: WebhookReceiver;
  // The server's clock runs this far ahead, so the test can let a day pass.
  let offsetMs = 0;

  beforeAll(async () => {
    await ensureWebBuild();
    [server, browser, receiver] = await Promise.all([startServer({ clock: () => new Date(Date.now() + offsetMs) }), launchBrowser(), startWebhookReceiver()]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await receiver?.close();
  });

  test('an endpoint is added with its secret shown once; a failing delivery is shown, retried by hand, and delivered signed', async () => {
    const context = await newContext(browser, server.url);
    const owner = await ApiSession.signUp(context);
    const page = await context.newPage();
    const errors = watchForPageErrors(page);
    try {
      await page.goto('/settings');
      await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Webhooks' }).click();
      await page.getByRole('heading', { name: 'Webhooks' }).waitFor();
      await page.getByText('No webhook endpoints yet.').waitFor();

      await page.getByLabel('Endpoint URL').fill(receiver.url);
      await page.getByLabel('Description (optional)').fill('CRM sync');
      await page.getByRole('checkbox', { name: /Reply held for review/ }).uncheck();
      await page.getByRole('button', { name: 'Add endpoint' }).click();
      const secret = (await page.getByLabel('Signing secret').textContent()) ?? '';
      expect(secret).toMatch(/^whsec_/);
      await page.getByRole('button', { name: 'I have copied it' }).click();
      await expect.poll(() => page.getByLabel('Signing secret').count()).toBe(0);
      const card = page.getByRole('region', { name: receiver.url });
      await card.getByText('CRM sync').waitFor();
      await card.getByText('No deliveries yet', { exact: false }).waitFor();

      // The receiver is failing: the STOP's delivery is retried, and shown as retrying.
      receiver.answers.push(...Array(200).fill(500));
      await owner.inbound('(415) 555-0161', 'STOP');
      await card.getByRole('button', { name: 'Refresh deliveries' }).click();
      const row = card.getByRole('row').filter({ hasText: '+14155550161' });
      await row.getByText(/Retrying/).waitFor();
      await row.getByText('HTTP 500').waitFor();

      // A day later the worker gives up; the delivery shows as failed, with a Retry button.
      offsetMs = 25 * 3600 * 1000;
      await expect.poll(async () => {
        await card.getByRole('button', { name: 'Refresh deliveries' }).click();
        return row.getByText('Failed').count();
      }, { timeout: 20_000 }).toBe(1);

      receiver.answers.length = 0;
      const before = receiver.received.length;
      await row.getByRole('button', { name: /Retry/ }).click();
      await expect.poll(async () => {
        await card.getByRole('button', { name: 'Refresh deliveries' }).click();
        return row.getByText('Delivered').count();
      }, { timeout: 20_000 }).toBe(1);
      await row.getByText('HTTP 200').waitFor();

      const delivered = receiver.received.slice(before).find((hook) => hook.answered === 200)!;
      expect(delivered.json).toMatchObject({ type: 'consent.opted_out', data: { phone: '+14155550161', source: 'keyword' } });
      expect(verifyWebhookSignature(secret, delivered.headers['x-salespartner-signature'], delivered.body).ok).toBe(true);

      await page.screenshot({ path: 'docs/screenshots/webhooks.png', fullPage: true });

      await card.getByRole('button', { name: /^Delete/ }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Delete endpoint' }).click();
      await page.getByText('No webhook endpoints yet.').waitFor();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
