import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ApiSession } from './support/api.js';
import { launchBrowser, newContext, PHONE, watchForPageErrors } from './support/browser.js';
import { ensureWebBuild } from './support/build-web.js';
import { startServer, type RunningServer } from './support/server.js';

/** Opt-out list import/export, keyword settings, team and keys, and the quality bar: phone width, keyboard, errors in words. */
describe('web UI: settings, team and the quality bar', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    await ensureWebBuild();
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A new organization whose owner is logged in, in its own browser profile. */
  async function ownerPage(viewport?: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page; owner: ApiSession; errors: string[] }> {
    const context = await newContext(browser, server.url, viewport);
    const owner = await ApiSession.signUp(context);
    const page = await context.newPage();
    return { context, page, owner, errors: watchForPageErrors(page) };
  }

  test('Import CSV reports imported, skipped and errors; Export CSV downloads the list', async () => {
    const { context, page, owner, errors } = await ownerPage();
    try {
      await owner.inbound('(415) 555-0101', 'STOP');
      await page.goto('/settings/opt-out-management');
      await page.getByRole('row').filter({ hasText: '(415) 555-0101' }).waitFor();

      const csv = 'phone,reason\n(415) 555-0101,Already on the list\n415.555.0102,Asked by email\n+1 415 555 0103,\nnot a phone,\n415-555-0102,Repeated\n';
      await page.getByLabel('CSV file to import').setInputFiles({ name: 'do-not-contact.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      const report = page.getByRole('status').filter({ hasText: 'Imported do-not-contact.csv' });
      await report.waitFor();
      const text = (await report.textContent()) ?? '';
      expect(text).toContain('2 numbers added to the opt-out list');
      expect(text).toContain('3 skipped');
      expect(text).toContain('1 row with errors');
      expect(text).toMatch(/Row 5: “not a phone” — not a valid phone number/);
      await page.getByRole('row').filter({ hasText: '(415) 555-0102' }).getByText('Asked by email').waitFor();
      await page.getByRole('row').filter({ hasText: '(415) 555-0103' }).waitFor();

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export CSV' }).click()]);
      expect(download.suggestedFilename()).toMatch(/^opt-outs-\d{4}-\d{2}-\d{2}\.csv$/);
      const exported = readFileSync((await download.path())!, 'utf8');
      expect(exported.split('\n')[0]).toContain('phone');
      for (const phone of ['+14155550101', '+14155550102', '+14155550103']) expect(exported).toContain(phone);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('a large CSV imports in the background with a progress bar, its counts and its errors by line', async () => {
    const { context, page, errors } = await ownerPage();
    try {
      await page.goto('/settings/opt-out-management');
      await page.getByRole('heading', { name: 'Opt-Out Management' }).waitFor();
      // Over 1 MB: the page hands it to POST /opt-outs/imports and follows the job.
      const lines = ['phone,reason'];
      for (let i = 0; i < 30_000; i += 1) lines.push(`+1646${String(2_000_000 + i)},migrated from the old platform ${i}`);
      lines.splice(3, 0, 'not a phone,bad row');
      const csv = `${lines.join('\n')}\n`;
      expect(csv.length).toBeGreaterThan(1024 * 1024);
      await page.getByLabel('CSV file to import').setInputFiles({ name: 'old-platform.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });

      const panel = page.getByRole('status').filter({ hasText: 'old-platform.csv' });
      await panel.waitFor();
      const bar = panel.locator('progress');
      await bar.waitFor();
      // The bar has a label a screen reader announces with it.
      expect(await page.locator(`label[for="${await bar.getAttribute('id')}"]`).count()).toBe(1);
      await panel.getByText('Imported old-platform.csv.').waitFor({ timeout: 120_000 });
      const text = (await panel.textContent()) ?? '';
      expect(text).toContain('30,000 added to the opt-out list');
      expect(text).toContain('1 skipped');
      expect(text).toContain('1 row with errors');
      expect(text).toMatch(/Line 4: “not a phone” — not a valid phone number/);
      expect(await bar.getAttribute('value')).toBe(await bar.getAttribute('max'));
      // The list shows the imported numbers once the job is done.
      await page.getByRole('row').filter({ hasText: '(646) 200-0000' }).or(page.getByRole('row').filter({ hasText: 'migrated from the old platform' }).first()).first().waitFor();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('keyword lists and replies: a clear error naming the field, then a saved change that takes effect', async () => {
    const { context, page } = await ownerPage();
    try {
      await page.goto('/settings/opt-out-management');
      const optOut = page.getByLabel('Opt-out keywords');
      await expect.poll(() => optOut.inputValue()).toContain('STOP');

      await optOut.fill('STOP, START');
      await page.getByRole('button', { name: 'Save keywords and replies' }).click();
      const alert = page.getByRole('alert').filter({ hasText: 'Not saved.' });
      await alert.waitFor();
      expect(await alert.textContent()).toMatch(/keywords/i);
      expect(await alert.textContent()).toContain('START');

      await optOut.fill('STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT, REVOKE, OPTOUT, OPT OUT, OPT-OUT, BASTA');
      await page.getByLabel('Opt-out confirmation', { exact: true }).fill('{organization}: you will get no more texts from us. Reply START to come back.');
      await page.getByRole('button', { name: 'Save keywords and replies' }).click();
      await page.getByText('Saved. New texts use these keywords and replies from now on.').waitFor();

      // The new keyword opts out, and the new reply is what the contact gets.
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Simulate inbound text' }).click();
      await page.getByLabel('From number').fill('212-555-0144');
      await page.getByLabel('Text', { exact: true }).fill('basta');
      await page.getByRole('button', { name: 'Simulate inbound text' }).click();
      await page.getByText('is now opted out').waitFor();
      await page.getByText('you will get no more texts from us').waitFor();
    } finally {
      await context.close();
    }
  });

  test('team and API keys: add an agent, create a key shown once, revoke it', async () => {
    const { context, page } = await ownerPage();
    try {
      await page.goto('/settings');
      await page.getByRole('link', { name: 'Team' }).click();
      await page.getByLabel('Name').fill('Alex Agent');
      await page.getByLabel('Email').fill(`alex.${Date.now()}@example.com`);
      await page.getByLabel('Temporary password').fill('a long enough password');
      await page.getByLabel('Role').selectOption('agent');
      await page.getByRole('button', { name: 'Add teammate' }).click();
      await page.getByText('Alex Agent was added as agent.').waitFor();
      await page.getByRole('row').filter({ hasText: 'Alex Agent' }).getByText('Agent', { exact: true }).waitFor();

      await page.getByRole('link', { name: 'API keys' }).click();
      await page.getByLabel('Key name').fill('CRM sync');
      await page.getByRole('button', { name: 'Create key' }).click();
      const key = (await page.getByLabel('New API key').textContent()) ?? '';
      expect(key).toMatch(/^sp_/);
      // The key works, once shown.
      const probe = await context.request.get('/api/v1/opt-outs', { headers: { authorization: `Bearer ${key}` } });
      expect(probe.status()).toBe(200);
      await page.getByRole('button', { name: 'I have copied it' }).click();
      expect(await page.getByText(key).count()).toBe(0);

      await page.getByRole('row').filter({ hasText: 'CRM sync' }).getByRole('button', { name: /Revoke/ }).click();
      await page.getByRole('dialog', { name: 'Revoke “CRM sync”?' }).getByRole('button', { name: 'Revoke key' }).click();
      await page.getByRole('row').filter({ hasText: 'CRM sync' }).getByText(/^Revoked/).waitFor();
      const refused = await browser.newContext().then(async (anonymous) => {
        const response = await anonymous.request.get(`${server.url}/api/v1/opt-outs`, { headers: { authorization: `Bearer ${key}` } });
        await anonymous.close();
        return response.status();
      });
      expect(refused).toBe(401);
    } finally {
      await context.close();
    }
  });

  test('team: the owner removes a teammate, whose open session ends at once', async () => {
    const { context, page, owner } = await ownerPage();
    const agentAccount = await owner.addUser('agent');
    const agentContext = await newContext(browser, server.url);
    // Two profiles at once: each step gets more than the usual 5 s on a loaded machine.
    context.setDefaultTimeout(20_000);
    agentContext.setDefaultTimeout(20_000);
    try {
      await ApiSession.logIn(agentContext, agentAccount);
      const agentPage = await agentContext.newPage();
      await agentPage.goto('/contacts');
      await agentPage.getByRole('heading', { name: 'Contacts' }).waitFor();

      await page.goto('/settings/team');
      const row = page.getByRole('row').filter({ hasText: agentAccount.email });
      await row.waitFor();
      // The owner's own row has no Remove button.
      expect(await page.getByRole('row').filter({ hasText: '(you)' }).getByRole('button', { name: /Remove/ }).count()).toBe(0);
      await row.getByRole('button', { name: /Remove/ }).click();
      await page.getByRole('dialog', { name: `Remove ${agentAccount.name}?` }).getByRole('button', { name: 'Remove teammate' }).click();
      await page.getByRole('status').filter({ hasText: `${agentAccount.name} was removed` }).waitFor();
      expect(await page.getByRole('row').filter({ hasText: agentAccount.email }).count()).toBe(0);

      // The agent's browser session is over: the API refuses it and a reload lands on the login page.
      const probe = await agentContext.request.get('/api/v1/contacts');
      expect(probe.status()).toBe(401);
      await agentPage.reload();
      await agentPage.getByRole('button', { name: /Log in/ }).waitFor();
    } finally {
      await agentContext.close();
      await context.close();
    }
    // Two browser profiles and three sign-ins (scrypt each): on a loaded machine this passed 28 s.
  }, 90_000);

  test('keyboard only: add a contact through the dialog and land on its page', async () => {
    const { context, page } = await ownerPage();
    try {
      await page.goto('/contacts');
      await page.getByText('No contacts yet.').waitFor();
      const addButton = page.getByRole('button', { name: 'Add contact' });
      await addButton.focus();
      await page.keyboard.press('Enter');
      const dialog = page.getByRole('dialog', { name: 'Add contact' });
      await dialog.waitFor();
      // Focus moved into the dialog, on the first field.
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('contact-name');
      await page.keyboard.type('Kim Keyboard');
      await page.keyboard.press('Tab');
      await page.keyboard.type('(415) 555-0177');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/contacts\/[^/]+$/);
      await page.getByRole('heading', { name: 'Kim Keyboard', level: 1 }).waitFor();

      // Escape closes a dialog and gives focus back to the button that opened it.
      await page.getByRole('button', { name: 'Opt Out' }).focus();
      await page.keyboard.press('Enter');
      await page.getByRole('dialog', { name: 'Opt out this contact' }).waitFor();
      await page.keyboard.press('Escape');
      await page.getByRole('dialog', { name: 'Opt out this contact' }).waitFor({ state: 'hidden' });
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Opt Out');
    } finally {
      await context.close();
    }
  });

  test('errors are shown in words: bad phone, duplicate phone, unknown contact', async () => {
    const { context, page, owner } = await ownerPage();
    try {
      await owner.createContact({ name: 'Dana Diaz', phone: '(415) 555-0101' });
      await page.goto('/contacts');
      await page.getByRole('button', { name: 'Add contact' }).click();
      const dialog = page.getByRole('dialog', { name: 'Add contact' });
      await dialog.getByLabel('Phone').fill('12');
      await dialog.getByRole('button', { name: 'Add contact' }).click();
      await dialog.getByRole('alert').filter({ hasText: 'is not a valid phone number' }).waitFor();

      await dialog.getByLabel('Phone').fill('415 555 0101');
      await dialog.getByRole('button', { name: 'Add contact' }).click();
      await dialog.getByRole('alert').filter({ hasText: 'already exists' }).waitFor();
      await dialog.getByRole('link', { name: 'Open Dana Diaz' }).click();
      await page.getByRole('heading', { name: 'Dana Diaz', level: 1 }).waitFor();

      await page.goto('/contacts/no-such-contact');
      await page.getByText('This contact does not exist in your organization').waitFor();
      await page.goto('/no/such/page');
      await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    } finally {
      await context.close();
    }
  });

  test('at phone width (375 px) the main pages fit without sideways scrolling', async () => {
    const { context, page, owner } = await ownerPage(PHONE);
    try {
      const dana = await owner.createContact({ name: 'Dana Diaz With A Rather Long Name', phone: '(415) 555-0101', email: 'dana.diaz.with.a.long.address@example.com', tags: ['solar', 'homeowner'] });
      await owner.inbound('(415) 555-0101', 'please stop texting me');
      const pages: [string, string][] = [
        ['/contacts', 'Dana Diaz With A Rather Long Name'],
        [`/contacts/${dana.id}`, 'This contact opted out and will not be messaged.'],
        ['/settings/opt-out-management', 'Dana Diaz With A Rather Long Name'],
        ['/simulate', 'Pretend to be a contact texting your business.'],
      ];
      for (const [path, text] of pages) {
        await page.goto(path);
        await page.getByText(text).first().waitFor();
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(width, `${path} is ${width}px wide`).toBeLessThanOrEqual(PHONE.width);
      }
      // The navigation stays usable.
      await page.getByRole('link', { name: 'Settings' }).click();
      await page.getByRole('heading', { name: 'Opt-Out Management', level: 1 }).waitFor();
    } finally {
      await context.close();
    }
  });
});
