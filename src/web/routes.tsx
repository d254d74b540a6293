import { lazy, Suspense, type ReactNode } from 'react';
import { Loading } from './components/ui.js';
import { ReviewCountBadge } from './components/review-count.js';
import { ConsentReportPage } from './pages/consent-report-page.js';
import { ContactPage } from './pages/contact-page.js';
import { ContactsPage } from './pages/contacts-page.js';
import { ReviewQueuePage } from './pages/review-queue-page.js';
import { NewSequencePage } from './pages/new-sequence-page.js';
import { SequencePage } from './pages/sequence-page.js';
import { SequencesPage } from './pages/sequences-page.js';
import { SimulatePage } from './pages/simulate-page.js';
import { ApiKeysPage } from './pages/settings/api-keys-page.js';
import { OptOutManagementPage } from './pages/settings/opt-out-management-page.js';
import { TeamPage } from './pages/settings/team-page.js';
import { TwilioPage } from './pages/settings/twilio-page.js';
import { WebhooksPage } from './pages/settings/webhooks-page.js';

// The charts library is loaded with the Insights page only, so every other page stays as light as before.
const InsightsPage = lazy(() => import('./pages/insights-page.js').then((module) => ({ default: module.InsightsPage })));

/**
 * Every page of the signed-in app, in one place: the router and the
 * navigation are built from these lists, so a new page is one entry here
 * plus its component.
 */
export interface PageEntry {
  path: string;
  element: ReactNode;
  /** Shown in the navigation with this label; pages without one (e.g. a contact) are reached by links. */
  navLabel?: string;
  /** A shorter label for phone-width screens. */
  navShortLabel?: string;
  /** Shown after the label in the navigation, e.g. a count. */
  navBadge?: ReactNode;
  /** Only owners and admins see the link and may open the page. */
  adminOnly?: boolean;
}

export const MAIN_PAGES: PageEntry[] = [
  { path: '/contacts', element: <ContactsPage />, navLabel: 'Contacts' },
  { path: '/contacts/:id', element: <ContactPage /> },
  { path: '/contacts/:id/consent-report', element: <ConsentReportPage /> },
  { path: '/review-queue', element: <ReviewQueuePage />, navLabel: 'Review queue', navShortLabel: 'Review', navBadge: <ReviewCountBadge /> },
  { path: '/sequences', element: <SequencesPage />, navLabel: 'Sequences' },
  { path: '/insights', element: (
      <Suspense fallback={<Loading label="Loading insights…" />}>
        <InsightsPage />
      </Suspense>
    ), navLabel: 'Insights' },
  { path: '/sequences/new', element: <NewSequencePage /> },
  { path: '/sequences/:id', element: <SequencePage /> },
  { path: '/simulate', element: <SimulatePage />, navLabel: 'Simulate inbound text', navShortLabel: 'Simulate' },
];

/** Pages under Settings, each with its own link in the settings menu. */
export const SETTINGS_PAGES: PageEntry[] = [
  { path: '/settings/opt-out-management', element: <OptOutManagementPage />, navLabel: 'Opt-Out Management' },
  { path: '/settings/twilio', element: <TwilioPage />, navLabel: 'Twilio', adminOnly: true },
  { path: '/settings/team', element: <TeamPage />, navLabel: 'Team', adminOnly: true },
  { path: '/settings/api-keys', element: <ApiKeysPage />, navLabel: 'API keys', adminOnly: true },
  { path: '/settings/webhooks', element: <WebhooksPage />, navLabel: 'Webhooks', adminOnly: true },
];
