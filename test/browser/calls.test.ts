import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { advanceCall } from '../../src/storage/repositories/calls.repository.js';
import { ApiSession, newAccount } from './support/api.js';
import { launchBrowser, newContext, watchForPageErrors } from './support/browser.js';
import { ensureWebBuild } from './support/build-web.js';
import { startServer, type RunningServer } from './support/server.js';

/** Set to write the call card's screenshot into docs/screenshots (e.g. UPDATE_SCREENSHOTS=1 npx vitest run test/browser/calls.test.ts). */
const SCREENSHOT = process.env.UPDATE_SCREENSHOTS ? join(import.meta.dirname, '../../docs/screenshots/call-card.png') : null;

/**
 * Calls and the first-text notice in a real browser: a teammate saves their
 * phone, sees the notice a first text will get, calls a contact (their own
 * phone rings first), sees the call's status and length in the conversation,
 * and records with one click that the person asked not to be called or texted.
 */
describe('web UI: calls and the opt-out notice', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let owner: ApiSession;
  let errors: string[];

  beforeAll(async () => {
    await ensureWebBuild();
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    context = await newContext(browser, server.url);
    page = await context.newPage();
    errors = watchForPageErrors(page);
    owner = await ApiSession.signUp(context, newAccount());
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  test('save your phone on the Team page, see the notice a first text gets, call, and opt out from the call card', async () => {
    const ana = await owner.call<{ id: string }>('POST', '/contacts', { name: 'Ana Lead', phone: '(415) 555-0101' }, 201);

    await page.goto('/settings/team');
    await page.getByLabel('Your phone', { exact: true }).fill('(415) 555-0177');
    await page.getByRole('button', { name: 'Save phone' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await page.getByRole('row').filter({ hasText: 'Olivia Owner' }).getByText('(415) 555-0177').waitFor();

    await page.goto(`/contacts/${ana.id}`);
    const composer = page.getByRole('form', { name: 'Message composer' });
    await composer.getByLabel('Message').fill('Hi Ana, your quote is ready.');
    await composer.getByTestId('notice-preview').filter({ hasText: 'This is a first text, so it ends with: Reply STOP to opt out.' }).waitFor();
    await composer.getByLabel('Message').fill('Hi Ana, your quote is ready. Reply STOP to opt out.');
    await composer.getByTestId('notice-preview').filter({ hasText: 'The text says how to opt out, so no notice is added.' }).waitFor();
    await composer.getByLabel('Message').fill('');

    await composer.getByRole('button', { name: 'Call' }).click();
    await composer.getByRole('status').filter({ hasText: 'Ringing your phone (415) 555-0177 first; answer it and (415) 555-0101 is dialled.' }).waitFor();
    const card = page.getByTestId('call-card');
    await card.filter({ hasText: 'Olivia Owner called Ana Lead' }).waitFor();
    // No opt-out button before the call reached anyone.
    expect(await card.getByRole('button', { name: 'Asked not to be called or texted' }).count()).toBe(0);

    // Twilio reports the call answered and over after 2 minutes 5 seconds (its callbacks have their own tests).
    const { items } = await owner.call<{ items: { kind: string; id: string }[] }>('GET', `/contacts/${ana.id}/conversation`);
    const callId = items.find((item) => item.kind === 'call')!.id;
    await expect.poll(async () => (await owner.call('GET', `/calls/${callId}`)).status).toBe('initiated');
    await advanceCall(server.runtime.deps.db, callId, 'completed', { now: new Date().toISOString(), durationSeconds: 125 });
    await page.reload();
    await card.filter({ hasText: 'Completed · 2 min 5 s' }).waitFor();
    await card.getByText('rang (415) 555-0177 first').waitFor();
    if (SCREENSHOT) await page.screenshot({ path: SCREENSHOT, fullPage: false });

    await card.getByRole('button', { name: 'Asked not to be called or texted' }).click();
    await page.getByText('Opted out — asked on a call not to be called or texted').waitFor();
    await page.getByText('Recorded by Olivia Owner').waitFor();
    await composer.getByText('This contact opted out and will not be messaged.').waitFor();
    expect(await card.getByRole('button', { name: 'Asked not to be called or texted' }).count()).toBe(0);
    const contact = await owner.call('GET', `/contacts/${ana.id}`);
    expect(contact).toMatchObject({ optedOut: true, optOut: { source: 'agent' } });
    expect(errors).toEqual([]);
  });
});
