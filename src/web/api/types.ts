/**
 * The shapes the UI reads from /api/v1, derived from the server's response
 * schemas (src/http/presenters/*.schema.ts): the API serialises its answers
 * with those schemas, so a change to one that the UI does not follow fails
 * to compile. Type-only imports: no server code reaches the bundle.
 */
import type { Static } from 'typebox';
import type * as Accounts from '../../http/presenters/accounts.schema.js';
import type * as Analytics from '../../http/presenters/analytics.schema.js';
import type * as OptOutImports from '../../http/presenters/opt-out-imports.schema.js';
import type * as Contacts from '../../http/presenters/contacts.schema.js';
import type * as Conversation from '../../http/presenters/conversation.schema.js';
import type * as Review from '../../http/presenters/review.schema.js';
import type * as Sequences from '../../http/presenters/sequences.schema.js';
import type * as Settings from '../../http/presenters/settings.schema.js';
import type * as Webhooks from '../../http/presenters/webhooks.schema.js';

export type Role = Static<typeof Accounts.Role>;
export type User = Static<typeof Accounts.User>;
export type Organization = Static<typeof Accounts.Organization>;
export type SignupResponse = Static<typeof Accounts.SignupResponse>;
export type LoginResponse = Static<typeof Accounts.LoginResponse>;
export type SessionResponse = Static<typeof Accounts.SessionResponse>;
export type BootstrapResponse = Static<typeof Accounts.BootstrapResponse>;
export type ApiKey = Static<typeof Accounts.ApiKey>;
export type CreatedApiKey = Static<typeof Accounts.CreatedApiKey>;

/** The signed-in session the UI keeps: login answers with the whole organization, signup with its id and name. */
export interface Session {
  user: User;
  organization: SignupResponse['organization'];
  csrfToken: string | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type ConsentSource = Static<typeof Contacts.ConsentSource>;
export type OptOutState = Static<typeof Contacts.OptOutState>;
export type Contact = Static<typeof Contacts.Contact>;
export type ContactSummary = Static<typeof Contacts.ContactSummary>;
export type OptOutEntry = Static<typeof Contacts.OptOutEntry>;
export type ImportResult = Static<typeof Contacts.ImportResult>;

/** How a text or consent change arrived; null for those from before channels were recorded. */
export type Channel = Static<typeof Conversation.Channel>;
export type MessageStatus = Static<typeof Conversation.MessageStatus>;
export type Message = Static<typeof Conversation.Message>;
export type Call = Static<typeof Conversation.Call>;
export type ConsentEvent = Static<typeof Conversation.ConsentEvent>;
export type ConversationItem = Static<typeof Conversation.ConversationItem>;
export type InboundAction = Static<typeof Conversation.InboundAction>;
export type InboundResult = Static<typeof Conversation.InboundResult>;
/** The opt-out notice a text would get (POST /opt-out-notice/preview). */
export type NoticePreview = Static<typeof Conversation.NoticePreview>;

export type Language = Static<typeof Settings.Language>;
export type ReplyTemplates = Static<typeof Settings.ReplyTemplates>;
export type OptOutSettings = Static<typeof Settings.OptOutSettings>;
export type LedgerVerification = Static<typeof Settings.LedgerVerification>;
export type TwilioSettings = Static<typeof Settings.TwilioSettings>;
export type SenderNumber = Static<typeof Settings.SenderNumber>;

export type ReviewStatus = Static<typeof Review.ReviewStatus>;
export type ReviewItem = Static<typeof Review.ReviewItem>;
/** What a teammate decides about a reply (POST /review-queue/:id). */
export type ReviewDecision = 'opt_out' | 'not_a_revocation';
export type EvidenceMessage = Static<typeof Review.EvidenceMessage>;
export type EvidenceEvent = Static<typeof Review.EvidenceEvent>;
/** GET /contacts/:id/consent-report: everything a lawyer asks about a number's consent. */
export type ConsentReport = Static<typeof Review.ConsentReport>;

export type SequenceStep = Static<typeof Sequences.SequenceStep>;
export type Sequence = Static<typeof Sequences.Sequence>;
export type EnrollmentStatus = Static<typeof Sequences.EnrollmentStatus>;
export type Enrollment = Static<typeof Sequences.Enrollment>;

export type WebhookEventType = Static<typeof Webhooks.WebhookEventType>;
export type WebhookEndpoint = Static<typeof Webhooks.WebhookEndpoint>;
export type CreatedWebhookEndpoint = Static<typeof Webhooks.CreatedWebhookEndpoint>;
export type WebhookDelivery = Static<typeof Webhooks.WebhookDelivery>;

export type OptOutTimelineResponse = Static<typeof Analytics.OptOutTimelineSchema>;
export type OptOutRatesResponse = Static<typeof Analytics.OptOutRatesSchema>;
export type ReviewQueueHealthResponse = Static<typeof Analytics.ReviewQueueHealthSchema>;

export type ImportJob = Static<typeof OptOutImports.ImportJob>;
