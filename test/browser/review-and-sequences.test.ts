import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ApiSession } from './support/api.js';
import { launchBrowser, newContext, PHONE, watchForPageErrors } from './support/browser.js';
import { ensureWebBuild } from './support/build-web.js';
import { startServer, type RunningServer } from './support/server.js';

/**
 * The review queue with its FCC clock, the consent evidence, sequences that
 * stop on an opt-out, and Twilio settings — in a real browser against the
 * real server.
 */
describe('web UI: review queue, evidence, sequences and Twilio', () => {
  let server: RunningServer;
  let browser: Browser;
  // The review story shares one organization, test after test.
  let context: BrowserContext;
  let page: Page;
  let owner: ApiSession;
  let errors: string[];
  let rita: { id: string };
  let nora: { id: string };

  beforeAll(async () => {
    await ensureWebBuild();
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    context = await newContext(browser, server.url);
    owner = await ApiSession.signUp(context);
    page = await context.newPage();
    errors = watchForPageErrors(page);
    rita = await owner.createContact({ name: 'Rita Review', phone: '(415) 555-0301', email: 'rita@example.com' });
    nora = await owner.createContact({ name: 'Nora Enough', phone: '(415) 555-0302' });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const reviewCard = (text: string) => page.getByRole('list', { name: 'Replies awaiting review' }).getByRole('article').filter({ hasText: text });

  test('an unclear reply waits in the review queue with its countdown, and the contact is not contacted meanwhile', async () => {
    await page.goto('/simulate');
    await page.getByLabel('From number').fill('(415) 555-0301');
    await page.getByLabel('Text', { exact: true }).fill('not interested');
    await page.getByRole('button', { name: 'Simulate inbound text' }).click();
    await page.getByText('it was set aside for a person to review').waitFor();

    const nav = page.getByRole('navigation', { name: 'Main' });
    // The navigation counts what waits (the count is read out as words, not just a number).
    await nav.getByRole('link', { name: /^Review queue\s*,\s*1 waiting$/ }).waitFor();
    expect(await nav.locator('.nav-badge').textContent()).toBe('1');
    await nav.getByRole('link', { name: /Review queue/ }).click();
    await page.getByRole('heading', { name: 'Review queue', level: 1 }).waitFor();
    await page.getByText('nobody texts or calls these numbers until someone decides, and the FCC allows 10 business days').waitFor();

    const card = reviewCard('not interested');
    await card.getByText('not interested', { exact: true }).waitFor();
    await card.getByText('review.not_interested').waitFor();
    expect(await card.locator('.review-countdown').textContent()).toMatch(/^\d+ business days? left — due [A-Z][a-z]{2} \d{1,2}/);

    await card.getByRole('link', { name: 'Rita Review' }).click();
    await page.waitForURL(`**/contacts/${rita.id}`);
    await page.getByRole('heading', { name: /Rita Review/, level: 1 }).getByText('Awaiting review').waitFor();
    await page.getByText('This contact will not be messaged while a reply awaits review.').waitFor();
    expect(await page.getByRole('button', { name: 'Send', exact: true }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Call', exact: true }).isDisabled()).toBe(true);
    expect(await page.getByLabel('Message', { exact: true }).isDisabled()).toBe(true);
    await page.getByRole('form', { name: 'Message composer' }).getByRole('link', { name: 'review queue' }).waitFor();
    expect(await page.locator('.review-banner').textContent()).toContain('“not interested” may mean stop');
  });

  test('"not a revocation" needs a note, then clears the hold', async () => {
    await page.goto('/review-queue');
    const card = reviewCard('not interested');
    await card.getByRole('button', { name: 'Not a revocation' }).click();
    await card.getByRole('alert').filter({ hasText: 'Write a note first' }).waitFor();
    await card.getByLabel('Note on your decision').fill('Means not interested in the battery add-on; still wants the install.');
    await card.getByRole('button', { name: 'Not a revocation' }).click();
    await page.getByRole('status').filter({ hasText: 'Kept Rita Review subscribed' }).waitFor();
    await page.getByText('Nothing waits for review.').waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Review queue', exact: true }).waitFor();

    await page.goto(`/contacts/${rita.id}`);
    await page.getByRole('heading', { name: 'Rita Review', level: 1 }).waitFor();
    await page.getByText('Subscribed', { exact: true }).waitFor();
    expect(await page.getByText('Awaiting review').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Send', exact: true }).isEnabled()).toBe(true);
  });

  test('"opt out" on another reply opts the contact out; a decision already made elsewhere is explained', async () => {
    expect((await owner.inbound('(415) 555-0302', 'enough')).action).toBe('review');
    await owner.inbound('(415) 555-0399', 'not interested');
    await page.goto('/review-queue');
    const card = reviewCard('enough');
    await card.getByLabel('Note on your decision').fill('Read as a request to stop.');
    await card.getByRole('button', { name: 'Opt out' }).click();
    await page.getByRole('status').filter({ hasText: 'Nora Enough is now opted out' }).waitFor();
    expect(await reviewCard('enough').count()).toBe(0);

    // A teammate decides the other reply while this page still shows it.
    const other = (await owner.call<{ items: { id: string }[] }>('GET', '/review-queue')).items[0]!;
    await owner.call('POST', `/review-queue/${other.id}`, { decision: 'not_a_revocation', note: 'Decided by a teammate' });
    const stale = reviewCard('not interested');
    await stale.getByLabel('Note on your decision').fill('Me too');
    await stale.getByRole('button', { name: 'Opt out' }).click();
    await page.getByRole('status').filter({ hasText: 'Someone already decided the reply' }).waitFor();
    await page.getByText('Nothing waits for review.').waitFor();

    await page.goto(`/contacts/${nora.id}`);
    await page.getByRole('heading', { name: /Nora Enough/, level: 1 }).getByText('Opted out').waitFor();
    const history = page.getByRole('list', { name: 'Conversation with Nora Enough' });
    await history.getByText('Opted out — replied “enough” (rule review.enough)').waitFor();
    await history.getByText(/after reviewing the reply/).waitFor();
    await history.getByText('Note: Read as a request to stop.').waitFor();
    expect(await page.getByRole('button', { name: 'Send', exact: true }).isDisabled()).toBe(true);
  });

  test('the consent report shows the event with the exact text, rule, confirmation, actor and a ✓ chain; CSV downloads', async () => {
    await page.goto(`/contacts/${nora.id}`);
    await page.getByRole('link', { name: 'View evidence' }).click();
    await page.getByRole('heading', { name: 'Consent evidence', level: 1 }).waitFor();
    await page.getByText(/^Intact\./).waitFor();
    const row = page.getByRole('table').getByRole('row').filter({ hasText: 'enough' });
    await row.waitFor();
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('Opted out');
    expect(text).toContain('review.enough');
    expect(text).toContain('You are unsubscribed');
    expect(text).toContain('Olivia Owner');
    expect(text).toContain('Note: Read as a request to stop.');
    expect(await row.locator('.chain').textContent()).toBe('✓ Intact');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('consent-report-14155550302.csv');
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv).toContain('enough');
    expect(csv).toContain('review.enough');
  });

  test('a plain-language opt-out reads with the exact text and the rule in the conversation', async () => {
    const pat = await owner.createContact({ name: 'Pat Phrase', phone: '(415) 555-0303' });
    await owner.inbound('(415) 555-0303', 'please stop texting me');
    await page.goto(`/contacts/${pat.id}`);
    const history = page.getByRole('list', { name: 'Conversation with Pat Phrase' });
    await history.getByText('Opted out — replied “please stop texting me” (rule phrase.stop_contacting_me)').waitFor();
    await history.getByText('By the contact, in their own words').waitFor();
    expect(errors).toEqual([]);
  });

  test('create a sequence with a text and a call, enroll a contact, and see it stop when they text STOP', async () => {
    const sam = await owner.createContact({ name: 'Sam Sequence', phone: '(415) 555-0304' });
    await page.goto('/sequences');
    await page.getByText('No sequences yet.').waitFor();
    await page.getByRole('link', { name: 'New sequence' }).click();
    await page.getByLabel('Name').fill('New lead follow-up');
    const step1 = page.getByRole('group', { name: 'Step 1' });
    await step1.getByLabel('Text').fill('Hi {name}, thanks for your interest in solar!');
    // The editor shows the opt-out notice a contact's first text gets.
    await step1.getByTestId('notice-preview').filter({ hasText: 'this adds: Reply STOP to opt out.' }).waitFor();

    // Add a call and a spare text, move the text up, then remove it: two steps remain, text then call.
    await page.getByRole('button', { name: 'Add call step' }).click();
    await page.getByRole('button', { name: 'Add text step' }).click();
    await page.getByRole('button', { name: 'Move step 3 up' }).click();
    expect(await page.getByRole('group', { name: 'Step 2' }).getByLabel('Type').inputValue()).toBe('sms');
    await page.getByRole('button', { name: 'Remove step 2' }).click();
    const step2 = page.getByRole('group', { name: 'Step 2' });
    // Keyboard focus lands on the step that took the removed one's place, not on the page.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(await step2.getByLabel('Type').getAttribute('id'));
    expect(await step2.getByLabel('Type').inputValue()).toBe('call');
    await step2.getByLabel('Words to speak').fill('Hi, this is Acme Solar about your quote.');
    await step2.getByLabel('Wait after step 1').fill('2');
    await step2.getByLabel('Unit for step 2').selectOption('hours');
    await page.getByRole('button', { name: 'Create sequence' }).click();

    await page.getByRole('heading', { name: 'New lead follow-up', level: 1 }).waitFor();
    const steps = page.getByRole('region', { name: 'Steps' });
    await steps.getByText('Right after enrolling').waitFor();
    await steps.getByText('2 hours after step 1').waitFor();

    await page.getByLabel('Find a contact').fill('Sam Seq');
    await page.getByRole('button', { name: 'Enroll Sam Sequence' }).click();
    await page.getByRole('status').filter({ hasText: 'Sam Sequence is enrolled.' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: 'Sam Sequence' });
    await row.getByText('Active', { exact: true }).waitFor();
    // The first text goes out right away (the dispatcher runs it); then the call is next.
    const sequenceId = new URL(page.url()).pathname.split('/').at(-1)!;
    await expect.poll(async () => (await owner.call('GET', `/sequences/${sequenceId}/enrollments`)).items[0].stepsRun).toBe(1);
    await page.reload();
    await row.getByText('Active', { exact: true }).waitFor();
    expect(await row.textContent()).toMatch(/1 of 2 steps done.*Step 2 of 2: Call — .*\(in about 2 hours\)/);
    expect(await page.getByRole('button', { name: 'Enroll Sam Sequence' }).isDisabled()).toBe(true);

    // From the contact page: enrolling again is explained in words (409 conflict).
    await page.goto(`/contacts/${sam.id}`);
    await page.getByLabel('Sequence', { exact: true }).selectOption({ label: 'New lead follow-up' });
    await page.getByRole('button', { name: 'Add to sequence' }).click();
    await page.getByRole('alert').filter({ hasText: 'Sam Sequence is already enrolled in “New lead follow-up”' }).waitFor();

    await owner.inbound('(415) 555-0304', 'STOP');
    await page.goto('/sequences');
    await page.getByRole('link', { name: 'New lead follow-up' }).click();
    await page.getByRole('row').filter({ hasText: 'Sam Sequence' }).getByText('Stopped — contact opted out').waitFor();
    await page.getByText('None — stopped because the contact opted out').waitFor();
    // An opted-out contact is marked and cannot be enrolled.
    await page.getByLabel('Find a contact').fill('Nora');
    const noraItem = page.getByRole('listitem').filter({ hasText: 'Nora Enough' });
    await noraItem.getByText('Opted out').waitFor();
    expect(await noraItem.getByRole('button', { name: 'Enroll Nora Enough' }).isDisabled()).toBe(true);
  });

  test('an enrollment refused by the server (409 contact_opted_out) is explained in words', async () => {
    const lee = await owner.createContact({ name: 'Lee Late', phone: '(415) 555-0305' });
    const sequence = await owner.call<{ id: string }>('POST', '/sequences', { name: 'Quick call', steps: [{ type: 'call', delayMinutes: 60 }] }, 201);
    await page.goto(`/sequences/${sequence.id}`);
    // The list answers the typed search after a pause; under load that answer could land after the STOP below.
    const searched = page.waitForResponse((response) => response.url().includes('search=Lee'));
    await page.getByLabel('Find a contact').fill('Lee');
    await searched;
    const enroll = page.getByRole('button', { name: 'Enroll Lee Late' });
    await enroll.waitFor();
    // Lee opts out after the page listed them as enrollable.
    await owner.inbound('(415) 555-0305', 'STOP');
    await enroll.click();
    await page.getByRole('alert').filter({ hasText: 'Not added: Lee Late opted out, so no sequence may text or call them.' }).waitFor();
    void lee;
  });

  test('Twilio settings save without ever showing the token back; numbers and webhook URLs; agents do not see them', async () => {
    const token = 'f3c9a1b2c3d4e5f60718293a4b5c6d7e';
    await page.goto('/settings');
    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Twilio' }).click();
    await page.getByRole('heading', { name: 'Twilio', level: 1 }).waitFor();
    await page.getByText('Not connected').waitFor();
    const tokenInput = page.getByLabel('Auth Token');
    expect(await tokenInput.getAttribute('type')).toBe('password');
    await page.getByLabel('Account SID').fill('AC0123456789abcdef0123456789abcdef');
    await tokenInput.fill(token);
    await page.getByRole('button', { name: 'Save credentials' }).click();
    await page.getByText('Saved. The Auth Token is stored encrypted and will not be shown again.').waitFor();
    await page.getByText('Connected', { exact: true }).waitFor();
    expect(await tokenInput.inputValue()).toBe('');

    await page.reload();
    await page.getByText('Connected', { exact: true }).waitFor();
    expect(await page.getByLabel('Account SID').inputValue()).toBe('AC0123456789abcdef0123456789abcdef');
    expect(await page.getByLabel('Auth Token').inputValue()).toBe('');
    expect(await page.content()).not.toContain(token);

    await page.getByText(`${server.url}/webhooks/twilio/sms`).waitFor();
    await page.getByText(`${server.url}/webhooks/twilio/status`).waitFor();
    await page.getByText('PUBLIC_URL').waitFor();

    await page.getByLabel('Phone number').fill('(415) 555-0000');
    await page.getByRole('button', { name: 'Add number' }).click();
    await page.getByRole('list', { name: 'Sender numbers' }).getByText('(415) 555-0000').waitFor();
    await page.getByLabel('Phone number').fill('415.555.0000');
    await page.getByRole('button', { name: 'Add number' }).click();
    await page.getByRole('alert').filter({ hasText: 'is already registered' }).waitFor();

    const agent = await owner.addUser('agent');
    const agentContext = await newContext(browser, server.url);
    try {
      await ApiSession.logIn(agentContext, agent);
      const agentPage = await agentContext.newPage();
      await agentPage.goto('/settings');
      await agentPage.getByRole('heading', { name: 'Opt-Out Management', level: 1 }).waitFor();
      expect(await agentPage.getByRole('link', { name: 'Twilio' }).count()).toBe(0);
      await agentPage.goto('/settings/twilio');
      await agentPage.getByText('Only owners and admins can open this page.').waitFor();
      expect(await agentPage.getByLabel('Auth Token').count()).toBe(0);
    } finally {
      await agentContext.close();
    }
  });

  test('at phone width (375 px) the review queue, a sequence and the evidence fit without sideways scrolling', async () => {
    const phoneContext = await newContext(browser, server.url, PHONE);
    try {
      await phoneContext.addCookies(await context.cookies());
      const phone = await phoneContext.newPage();
      await owner.inbound('(415) 555-0306', 'not interested');
      const sequences = await owner.call<{ items: { id: string }[] }>('GET', '/sequences');
      const pages: [string, string][] = [
        ['/review-queue', 'not interested'],
        [`/sequences/${sequences.items.at(-1)!.id}`, 'Stopped — contact opted out'],
        [`/contacts/${nora.id}/consent-report`, 'review.enough'],
        ['/sequences/new', 'Add call step'],
        ['/settings/twilio', 'Sender numbers'],
      ];
      for (const [path, text] of pages) {
        await phone.goto(path);
        await phone.getByText(text).first().waitFor();
        const width = await phone.evaluate(() => document.documentElement.scrollWidth);
        expect(width, `${path} is ${width}px wide`).toBeLessThanOrEqual(PHONE.width);
      }
    } finally {
      await phoneContext.close();
    }
  });
});
