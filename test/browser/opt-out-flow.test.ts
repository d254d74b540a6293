import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ApiSession, newAccount } from './support/api.js';
import { launchBrowser, newContext, watchForPageErrors } from './support/browser.js';
import { ensureWebBuild } from './support/build-web.js';
import { startServer, type RunningServer } from './support/server.js';

/**
 * The opt-out story in a real browser against the real server: sign up,
 * a contact texts STOP, everyone can see it and nobody can message them,
 * the opt-out list finds them however the number is typed, and only an
 * admin can opt them back in — through a dialog that makes them attest.
 */
describe('web UI: the opt-out story in a browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let owner: ApiSession;
  let errors: string[];
  let danaId: string;
  const ownerAccount = newAccount();

  beforeAll(async () => {
    await ensureWebBuild();
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    context = await newContext(browser, server.url);
    page = await context.newPage();
    errors = watchForPageErrors(page);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  test('a fresh install offers sign-up; then the owner can log out and log in', async () => {
    await page.goto('/');
    await page.getByRole('heading', { name: 'Set up SalesPartner' }).waitFor();
    await page.getByLabel('Organization name').fill(ownerAccount.organization);
    await page.getByLabel('Your name').fill(ownerAccount.name);
    await page.getByLabel('Email').fill(ownerAccount.email);
    await page.getByLabel('Password').fill(ownerAccount.password);
    await page.getByRole('button', { name: 'Create organization' }).click();

    await page.getByRole('heading', { name: 'Welcome to SalesPartner' }).waitFor();
    expect(await page.getByLabel('API key').textContent()).toMatch(/^sp_/);
    await page.getByRole('button', { name: 'Continue to contacts' }).click();
    await page.getByRole('heading', { name: 'Contacts', level: 1 }).waitFor();
    await page.getByText('No contacts yet.').waitFor();

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('heading', { name: 'Log in' }).waitFor();

    // A wrong password is explained in words.
    await page.getByLabel('Email').fill(ownerAccount.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/email or password/i);

    await page.getByLabel('Password').fill(ownerAccount.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Contacts', level: 1 }).waitFor();
    await page.getByText(ownerAccount.name).waitFor();

    owner = await ApiSession.ofBrowser(context);
  });

  test('a contact texts STOP: badge, history entry, warning and a disabled composer', async () => {
    const dana = await owner.createContact({ name: 'Dana Diaz', phone: '(415) 555-0101', email: 'dana@example.com', tags: ['solar'] });
    danaId = dana.id;
    await owner.createContact({ name: 'Sam Subscriber', phone: '(415) 555-0199' });

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Simulate inbound text' }).click();
    await page.getByLabel('From number').fill('(415) 555-0101');
    await page.getByLabel('Text', { exact: true }).fill('STOP');
    await page.getByRole('button', { name: 'Simulate inbound text' }).click();
    await page.getByText('Dana Diaz is now opted out.').waitFor();
    // The simulator says whose text this is: the owner's, not Dana's.
    await page.getByText('Recorded as a simulated text typed by you, not as Dana Diaz’s own.').waitFor();

    await page.getByRole('link', { name: 'Contacts', exact: true }).click();
    const danaRow = page.getByRole('row').filter({ hasText: 'Dana Diaz' });
    await danaRow.getByText('Opted out', { exact: true }).waitFor();
    expect(await page.getByRole('row').filter({ hasText: 'Sam Subscriber' }).getByText('Opted out', { exact: true }).count()).toBe(0);

    // The filter shows only opted-out contacts.
    await page.getByLabel('Show').selectOption('opted-out');
    await expect.poll(() => page.getByRole('row').filter({ hasText: 'Sam Subscriber' }).count()).toBe(0);
    await danaRow.waitFor();

    await danaRow.getByRole('link', { name: 'Dana Diaz' }).click();
    await page.waitForURL(`**/contacts/${danaId}`);
    await page.getByRole('heading', { name: /Dana Diaz/, level: 1 }).getByText('Opted out').waitFor();
    const history = page.getByRole('list', { name: 'Conversation with Dana Diaz' });
    // Typed in the simulator: every line says so, and none says the contact did it.
    await history.getByText('Opted out — simulated text STOP').waitFor();
    await history.getByText(`Simulated by ${ownerAccount.name} in the app, not sent by the contact`).waitFor();
    await history.getByText(`Simulated by ${ownerAccount.name}`, { exact: true }).waitFor();
    await history.getByText('STOP', { exact: true }).waitFor();
    expect(await history.getByText('By the contact, by text message').count()).toBe(0);
    await page.getByText('This contact opted out and will not be messaged.').waitFor();
    expect(await page.getByRole('button', { name: 'Send', exact: true }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Call', exact: true }).isDisabled()).toBe(true);
    expect(await page.getByLabel('Message', { exact: true }).isDisabled()).toBe(true);
    // The one confirmation text is in the history too.
    await history.getByText('Automatic opt-out confirmation', { exact: false }).first().waitFor();
  });

  test('a simulated START explains that it does not opt the contact back in, and she stays opted out', async () => {
    await page.goto(`/contacts/${danaId}`);
    await page.getByText('Simulate a reply from this contact').click();
    await page.getByLabel('Text', { exact: true }).fill('START');
    await page.getByRole('button', { name: 'Simulate inbound text' }).click();
    await page.getByText('Dana Diaz was not opted back in.').waitFor();
    await page.getByRole('note').filter({ hasText: 'A simulated START does not opt Dana Diaz back in' }).waitFor();
    await page.getByRole('heading', { name: /Dana Diaz/, level: 1 }).getByText('Opted out').waitFor();
    const history = page.getByRole('list', { name: 'Conversation with Dana Diaz' });
    await history.getByText('START', { exact: true }).waitFor();
    expect(await history.getByText('Opted back in', { exact: false }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Send', exact: true }).isDisabled()).toBe(true);
  });

  test('Settings → Opt-Out Management finds the contact by name and by phone in any format', async () => {
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('link', { name: 'Opt-Out Management' }).click();
    await page.getByRole('heading', { name: 'Opt-Out Management', level: 1 }).waitFor();
    const search = page.getByRole('searchbox', { name: 'Search opt-outs' });
    expect(await search.getAttribute('type')).toBe('search');
    const danaRow = page.getByRole('row').filter({ hasText: 'Dana Diaz' });
    await danaRow.waitFor();
    expect(await danaRow.textContent()).toContain('(415) 555-0101');
    expect(await danaRow.textContent()).toContain('Simulated text STOP, typed in the app');
    expect(await danaRow.textContent()).toContain('dana@example.com');

    for (const query of ['Dana', '(415) 555-0101', '555-0101', 'dana@example']) {
      await search.fill(query);
      await expect.poll(() => page.getByRole('row').filter({ hasText: 'Dana Diaz' }).count(), { message: `search ${query}` }).toBe(1);
    }
    await search.fill('Nobody Here');
    await page.getByText('No opted-out number matches.').waitFor();
    expect(await page.getByRole('row').filter({ hasText: 'Dana Diaz' }).count()).toBe(0);
  });

  test('an admin opts the contact back in through the attestation dialog', async () => {
    await page.goto(`/contacts/${danaId}`);
    await page.getByRole('button', { name: 'Opt In' }).click();
    const dialog = page.getByRole('dialog', { name: 'Opt this contact back in' });
    await dialog.waitFor();
    await dialog.getByText('Only opt a contact back in when they genuinely asked').waitFor();
    const confirm = dialog.getByRole('button', { name: 'Confirm opt-in' });
    expect(await confirm.isDisabled()).toBe(true);

    // Escape closes it without changing anything.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Opt In' }).click();

    await dialog.getByLabel('The contact asked to receive messages again').check();
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel('Note').fill('Called on Monday and asked to get install updates by text again.');
    await confirm.click();
    await dialog.waitFor({ state: 'hidden' });

    const history = page.getByRole('list', { name: 'Conversation with Dana Diaz' });
    await history.getByText('Opted back in — the contact asked to receive messages again').waitFor();
    await history.getByRole('listitem').filter({ hasText: 'Opted back in — the contact asked' }).getByText(`By ${ownerAccount.name}`).waitFor();
    await history.getByText('Note: Called on Monday').waitFor();
    expect(await page.getByText('This contact opted out and will not be messaged.').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Send', exact: true }).isEnabled()).toBe(true);

    // And texting works again.
    await page.getByLabel('Message', { exact: true }).fill('Thanks Dana — your install is on Friday.');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.getByText('Message sent.').waitFor();
    await history.getByText('Thanks Dana — your install is on Friday.').waitFor();
  });

  test('if the server still refuses (409 contact_opted_out), the composer says so in words', async () => {
    const sam = await owner.call<{ items: { id: string }[] }>('GET', '/contacts?search=Sam');
    const samId = sam.items[0]!.id;
    await page.goto(`/contacts/${samId}`);
    await page.getByRole('button', { name: 'Send', exact: true }).waitFor();
    // The page's view of Sam goes stale: Sam opts out elsewhere while refreshes keep showing the old state.
    const stale = await owner.call('GET', `/contacts/${samId}`);
    await page.route(`**/api/v1/contacts/${samId}`, (route) => (route.request().method() === 'GET' ? route.fulfill({ json: stale }) : route.continue()));
    await owner.inbound('(415) 555-0199', 'unsubscribe');

    await page.getByLabel('Message', { exact: true }).fill('Still interested in solar?');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'this contact has opted out' }).waitFor();
    expect(await page.getByRole('alert').filter({ hasText: 'Not sent' }).count()).toBe(1);
    await page.unroute(`**/api/v1/contacts/${samId}`);
  });

  test('an agent sees the opt-out state but is not offered "Opt In"', async () => {
    const agent = await owner.addUser('agent');
    await owner.inbound('(415) 555-0101', 'STOP');
    const agentContext = await newContext(browser, server.url);
    try {
      const agentPage = await agentContext.newPage();
      await agentPage.goto(`/contacts/${danaId}`);
      await agentPage.waitForURL('**/login?next=*');
      await agentPage.getByLabel('Email').fill(agent.email);
      await agentPage.getByLabel('Password').fill(agent.password);
      await agentPage.getByRole('button', { name: 'Log in' }).click();
      // Back on the page asked for, after logging in.
      await agentPage.waitForURL(`**/contacts/${danaId}`);
      await agentPage.getByRole('heading', { name: 'Opt-Out Settings' }).waitFor();
      await agentPage.getByText('Only an owner or admin can opt this contact back in').waitFor();
      expect(await agentPage.getByRole('button', { name: 'Opt In' }).count()).toBe(0);
      expect(await agentPage.getByRole('button', { name: 'Send', exact: true }).isDisabled()).toBe(true);

      // Settings for an agent: the opt-out list, but no team or keys, and read-only keywords.
      await agentPage.getByRole('link', { name: 'Settings' }).click();
      await agentPage.getByRole('heading', { name: 'Opt-Out Management', level: 1 }).waitFor();
      expect(await agentPage.getByRole('link', { name: 'Team' }).count()).toBe(0);
      expect(await agentPage.getByRole('link', { name: 'API keys' }).count()).toBe(0);
      await agentPage.getByText('Only owners and admins can change these settings.').waitFor();
      expect(await agentPage.getByLabel('Opt-out keywords').isDisabled()).toBe(true);
    } finally {
      await agentContext.close();
    }
  });

  test('a contact named with HTML and script renders as inert text', async () => {
    const payload = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
    const evil = await owner.createContact({ name: payload, phone: '(415) 555-0142', notes: '<b onmouseover=alert(1)>notes</b>', tags: ['<svg onload=alert(1)>'] });
    let dialogs = 0;
    page.on('dialog', (dialog) => {
      dialogs += 1;
      void dialog.dismiss();
    });

    await page.goto('/contacts');
    await page.getByRole('link', { name: payload }).waitFor();
    await page.getByText('<svg onload=alert(1)>').waitFor();
    await page.goto(`/contacts/${evil.id}`);
    await page.getByRole('heading', { name: payload, level: 1 }).waitFor();
    expect(await page.getByLabel('Notes', { exact: true }).inputValue()).toBe('<b onmouseover=alert(1)>notes</b>');
    await owner.inbound('(415) 555-0142', 'STOP');
    await page.goto('/settings/opt-out-management');
    await page.getByRole('link', { name: payload }).waitFor();

    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('img[src="x"], script:not([src]), svg[onload]').count()).toBe(0);
    expect(dialogs).toBe(0);
    expect(errors).toEqual([]);
  });
});
