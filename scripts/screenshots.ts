/**
 * Screenshots of the main pages for docs/ui.md, taken from the real server
 * (fresh SQLite database, built UI) with a little realistic data.
 *
 *   npx tsx scripts/screenshots.ts
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ApiSession, newAccount } from '../test/browser/support/api.js';
import { DESKTOP, launchBrowser, newContext, PHONE } from '../test/browser/support/browser.js';
import { ensureWebBuild, REPO_ROOT } from '../test/browser/support/build-web.js';
import { startServer } from '../test/browser/support/server.js';

const OUT = join(REPO_ROOT, 'docs/screenshots');

async function seed(owner: ApiSession): Promise<{ danaId: string }> {
  const dana = await owner.createContact({
    name: 'Dana Diaz',
    phone: '(415) 555-0101',
    email: 'dana.diaz@example.com',
    tags: ['solar', 'homeowner'],
    notes: 'Met at the Oakland home show. 2,000 sq ft house, south-facing roof.',
  });
  const priya = await owner.createContact({ name: 'Priya Patel', phone: '(415) 555-0123', email: 'priya@example.com', tags: ['hot lead'] });
  await owner.createContact({ name: 'Marcus Lee', phone: '(510) 555-0188', email: 'marcus.lee@example.com', tags: ['battery'] });
  const jordan = await owner.createContact({ name: 'Jordan Kim', phone: '(650) 555-0142', email: 'jordan.kim@example.com' });
  await owner.createContact({ name: 'Alex Romero', phone: '(408) 555-0175', tags: ['referral'] });
  await owner.createContact({ name: 'Sofia Rossi', phone: '(925) 555-0110', email: 'sofia.rossi@example.com' });

  await owner.call('POST', `/contacts/${dana.id}/messages`, { body: 'Hi Dana, this is Olivia from Acme Solar. Thanks for stopping by our booth! Want a free roof assessment this week?' }, 201);
  await pause(300);
  await owner.inbound('(415) 555-0101', 'How much would panels cost for my house?');
  await pause(300);
  await owner.call('POST', `/contacts/${dana.id}/messages`, { body: 'Most 2,000 sq ft homes land between $14k and $19k before the tax credit. Can I call you tomorrow at 10?' }, 201);
  await pause(300);
  await owner.inbound('(415) 555-0101', 'STOP');

  await owner.call('POST', `/contacts/${priya.id}/messages`, { body: 'Hi Priya, your site survey is confirmed for Thursday at 2pm.' }, 201);
  await owner.inbound('(415) 555-0123', 'Great, see you then!');
  await owner.inbound('(510) 555-0188', 'please stop texting me');
  await owner.call('POST', `/contacts/${jordan.id}/opt-out`, { reason: 'Asked on a phone call not to be contacted again' });
  await owner.call('POST', '/opt-outs', { phone: '(707) 555-0166', reason: 'Do-not-contact request by email' }, 201);
  await pause(500);
  return { danaId: dana.id };
}

function pause(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

async function shot(page: Page, name: string, fullPage = false): Promise<void> {
  // Let fonts settle and any spinner finish.
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.screenshot({ path: join(OUT, name), fullPage });
  process.stdout.write(`docs/screenshots/${name}\n`);
}

async function main(): Promise<void> {
  await ensureWebBuild();
  mkdirSync(OUT, { recursive: true });
  const [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  try {
    const context = await newContext(browser, server.url, DESKTOP);
    const page = await context.newPage();

    // A fresh install: the first visit offers sign-up.
    await page.goto('/');
    await page.getByRole('heading', { name: 'Set up SalesPartner' }).waitFor();
    await shot(page, 'signup.png');

    const owner = await ApiSession.signUp(context, { ...newAccount(), name: 'Olivia Owner', organization: 'Acme Solar' });
    const { danaId } = await seed(owner);

    await page.goto('/contacts');
    await page.getByRole('link', { name: 'Dana Diaz' }).waitFor();
    await shot(page, 'contacts.png');

    await page.goto(`/contacts/${danaId}`);
    await page.getByText('Opted out — replied STOP').waitFor();
    await shot(page, 'contact-opted-out.png');

    await page.getByRole('button', { name: 'Opt In' }).click();
    const dialog = page.getByRole('dialog', { name: 'Opt this contact back in' });
    await dialog.getByLabel('The contact asked to receive messages again').check();
    await dialog.getByLabel('Note').fill('Called on May 3 and asked to get install updates by text again.');
    await shot(page, 'opt-in-dialog.png');
    await page.keyboard.press('Escape');

    await page.goto('/settings/opt-out-management');
    await page.getByRole('link', { name: 'Dana Diaz' }).waitFor();
    await shot(page, 'opt-out-management.png');
    await page.getByRole('searchbox', { name: 'Search opt-outs' }).fill('555-0101');
    // Wait for the search (debounced) to narrow the list to the one match.
    await page.waitForFunction(() => document.querySelectorAll('tbody tr').length === 1);
    await shot(page, 'opt-out-search.png');
    await page.getByRole('searchbox', { name: 'Search opt-outs' }).fill('');
    await page.getByRole('heading', { name: 'Keywords and replies' }).scrollIntoViewIfNeeded();
    await shot(page, 'keywords-and-replies.png');

    await page.goto('/simulate');
    await page.getByLabel('From number').fill('(415) 555-0199');
    await page.getByLabel('Text', { exact: true }).fill('STOP');
    await page.getByRole('button', { name: 'Simulate inbound text' }).click();
    await page.getByText('is now opted out').waitFor();
    await shot(page, 'simulate-inbound.png');

    await page.goto('/settings/team');
    await page.getByRole('heading', { name: 'Add a teammate' }).waitFor();
    await shot(page, 'team.png');

    const phoneContext = await newContext(browser, server.url, PHONE);
    await phoneContext.addCookies(await context.cookies());
    const phone = await phoneContext.newPage();
    await phone.goto(`/contacts/${danaId}`);
    await phone.getByText('Opted out — replied STOP').waitFor();
    await shot(phone, 'phone-contact-opted-out.png', true);
    await phone.goto('/contacts');
    await phone.getByRole('link', { name: 'Dana Diaz' }).waitFor();
    await shot(phone, 'phone-contacts.png');
    await phone.goto('/settings/opt-out-management');
    await phone.getByRole('link', { name: 'Dana Diaz' }).waitFor();
    await shot(phone, 'phone-opt-out-management.png');
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
