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
const DAY_MS = 24 * 60 * 60 * 1000;

/** The server's clock, movable so that replies in the review queue can have arrived days ago. */
let clockOffsetMs = 0;
const clock = () => new Date(Date.now() + clockOffsetMs);

async function seed(owner: ApiSession): Promise<Seeded> {
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
  const alex = await owner.createContact({ name: 'Alex Romero', phone: '(408) 555-0175', tags: ['referral'] });
  await owner.createContact({ name: 'Sofia Rossi', phone: '(925) 555-0110', email: 'sofia.rossi@example.com' });
  const taylor = await owner.createContact({ name: 'Taylor Brooks', phone: '(415) 555-0133', email: 'taylor.brooks@example.com', tags: ['hot lead'] });
  const morgan = await owner.createContact({ name: 'Morgan Hale', phone: '(510) 555-0161' });
  await owner.createContact({ name: 'Rosa Diaz', phone: '(415) 555-0117', email: 'rosa.diaz@example.com', tags: ['solar'] });

  await owner.call('POST', `/contacts/${dana.id}/messages`, { body: 'Hi Dana, this is Olivia from Acme Solar. Thanks for stopping by our booth! Want a free roof assessment this week?' }, 201);
  await pause(300);
  await owner.inbound('(415) 555-0101', 'How much would panels cost for my house?');
  await pause(300);
  await owner.call('POST', `/contacts/${dana.id}/messages`, { body: 'Most 2,000 sq ft homes land between $14k and $19k before the tax credit. Can I call you tomorrow at 10?' }, 201);
  await pause(300);
  await owner.inbound('(415) 555-0101', 'STOP');

  await owner.call('POST', `/contacts/${priya.id}/messages`, { body: 'Hi Priya, your site survey is confirmed for Thursday at 2pm.' }, 201);
  await owner.inbound('(415) 555-0123', 'Great, see you then!');
  // Marcus: a plain-language opt-out, a requested opt-in, then STOP — three events for the evidence page.
  const marcus = (await owner.call<{ items: { id: string }[] }>('GET', '/contacts?search=Marcus')).items[0]!;
  clockOffsetMs = -20 * DAY_MS;
  await owner.inbound('(510) 555-0188', 'please stop texting me');
  clockOffsetMs = -9 * DAY_MS;
  await owner.call('POST', `/contacts/${marcus.id}/opt-in`, { attestation: 'contact_requested', note: 'Called the office on Tuesday and asked for battery quotes by text again.' });
  clockOffsetMs = -2 * DAY_MS;
  await owner.inbound('(510) 555-0188', 'STOP');
  clockOffsetMs = 0;
  await owner.call('POST', `/contacts/${jordan.id}/opt-out`, { reason: 'Asked on a phone call not to be contacted again' });
  await owner.call('POST', '/opt-outs', { phone: '(707) 555-0166', reason: 'Do-not-contact request by email' }, 201);

  // The review queue: replies that may mean stop, received days apart.
  clockOffsetMs = -12 * DAY_MS;
  await owner.inbound('(408) 555-0175', 'not interested');
  clockOffsetMs = -5 * DAY_MS;
  await owner.inbound('(312) 555-0147', 'how did you get my number?');
  clockOffsetMs = -2 * 60 * 60 * 1000;
  await owner.inbound('(925) 555-0110', 'no thanks, maybe next year');
  clockOffsetMs = 0;

  // A sequence with people at different points: active, and stopped by an opt-out.
  const followUp = await owner.call<{ id: string }>(
    'POST',
    '/sequences',
    {
      name: 'New lead follow-up',
      steps: [
        { type: 'sms', body: 'Hi, this is Olivia from Acme Solar — thanks for your interest! When is a good time for a quick call?', delayMinutes: 0 },
        { type: 'call', delayMinutes: 24 * 60 },
        { type: 'sms', body: 'Still thinking about solar? Our installers have openings next week.', delayMinutes: 3 * 24 * 60 },
      ],
    },
    201,
  );
  await owner.call('POST', '/sequences', { name: 'Quote reminder', steps: [{ type: 'sms', body: 'Your Acme Solar quote is ready — reply with any questions.', delayMinutes: 60 }, { type: 'call', delayMinutes: 2 * 24 * 60 }] }, 201);
  for (const contact of [priya, taylor, morgan]) await owner.call('POST', `/sequences/${followUp.id}/enrollments`, { contactId: contact.id }, 201);
  await pause(500);
  await owner.inbound('(510) 555-0161', 'STOP');
  await pause(500);
  return { danaId: dana.id, marcusId: marcus.id, alexId: alex.id, sequenceId: followUp.id };
}

interface Seeded {
  danaId: string;
  marcusId: string;
  alexId: string;
  sequenceId: string;
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
  const [server, browser] = await Promise.all([startServer({ clock }), launchBrowser()]);
  try {
    const context = await newContext(browser, server.url, DESKTOP);
    const page = await context.newPage();

    // A fresh install: the first visit offers sign-up.
    await page.goto('/');
    await page.getByRole('heading', { name: 'Set up SalesPartner' }).waitFor();
    await shot(page, 'signup.png');

    const owner = await ApiSession.signUp(context, { ...newAccount(), name: 'Olivia Owner', organization: 'Acme Solar' });
    const { danaId, marcusId, alexId, sequenceId } = await seed(owner);

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

    await page.goto('/review-queue');
    await page.getByText('not interested', { exact: true }).waitFor();
    await shot(page, 'review-queue.png');

    await page.goto(`/contacts/${alexId}`);
    await page.getByText('This contact will not be messaged while a reply awaits review.').waitFor();
    await shot(page, 'contact-awaiting-review.png');

    await page.goto(`/contacts/${marcusId}/consent-report`);
    await page.getByRole('heading', { name: 'Evidence', exact: true }).waitFor();
    await shot(page, 'consent-evidence.png', true);

    await page.goto('/sequences');
    await page.getByRole('link', { name: 'New lead follow-up' }).waitFor();
    await shot(page, 'sequences.png');
    await page.goto(`/sequences/${sequenceId}`);
    await page.getByText('Stopped — contact opted out').waitFor();
    await page.getByLabel('Find a contact').fill('Diaz');
    await page.getByRole('button', { name: 'Enroll Rosa Diaz' }).waitFor();
    await shot(page, 'sequence.png', true);
    await page.goto('/sequences/new');
    await page.getByLabel('Name').fill('Webinar invite');
    await page.getByRole('group', { name: 'Step 1' }).getByLabel('Text').fill('Join our free solar Q&A this Thursday at 6pm — reply YES to save a seat.');
    await page.getByRole('button', { name: 'Add call step' }).click();
    await shot(page, 'sequence-new.png', true);

    await page.goto('/settings/twilio');
    await page.getByLabel('Account SID').fill('AC0123456789abcdef0123456789abcdef');
    await page.getByLabel('Auth Token').fill('not-a-real-token-0123456789abcdef');
    await page.getByRole('button', { name: 'Save credentials' }).click();
    await page.getByText('Saved. The Auth Token is stored encrypted').waitFor();
    await page.getByLabel('Phone number').fill('(415) 555-0000');
    await page.getByRole('button', { name: 'Add number' }).click();
    await page.getByRole('list', { name: 'Sender numbers' }).waitFor();
    await shot(page, 'twilio-settings.png', true);

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
    await phone.goto('/review-queue');
    await phone.getByText('not interested', { exact: true }).waitFor();
    await shot(phone, 'phone-review-queue.png');
    await phone.goto(`/sequences/${sequenceId}`);
    await phone.getByText('Stopped — contact opted out').waitFor();
    await phone.getByLabel('Find a contact').fill('Diaz');
    await phone.getByRole('button', { name: 'Enroll Rosa Diaz' }).waitFor();
    await shot(phone, 'phone-sequence.png', true);
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
