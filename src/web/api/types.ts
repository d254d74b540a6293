/** The shapes the UI reads from /api/v1 (see docs/DESIGN.md §3). */

export type Role = 'owner' | 'admin' | 'agent';

export interface User {
  id: string;
  name: string;
  email: string;
  role: Role;
  /** Where a click-to-call rings this user first. */
  phone?: string | null;
  createdAt?: string;
  removedAt?: string | null;
}

export interface Organization {
  id: string;
  name: string;
  defaultCountry?: string;
}

export interface Session {
  user: User;
  organization: Organization;
  csrfToken: string | null;
}

export type ConsentSource = 'keyword' | 'phrase' | 'manual' | 'import' | 'api' | 'provider' | 'review' | 'simulated' | 'keypress' | 'agent';

/** How a text or consent change arrived; null for those from before channels were recorded. */
export type Channel =
  | { kind: 'provider'; provider: string }
  | { kind: 'api_key'; id: string; name: string }
  | { kind: 'app' }
  | { kind: 'simulator' }
  | { kind: 'system' };

export interface OptOutState {
  optedOutAt: string | null;
  reason: string | null;
  source: ConsentSource | null;
  keyword: string | null;
  rule?: string | null;
}

export interface Contact {
  id: string;
  name: string | null;
  phone: string;
  email: string | null;
  notes: string | null;
  tags: string[];
  optedOut: boolean;
  optOut: OptOutState | null;
  /** A reply from the number may mean stop and awaits a teammate's decision; nobody contacts it meanwhile. */
  reviewPending?: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type MessageStatus = 'received' | 'scheduled' | 'queued' | 'sent' | 'delivered' | 'failed' | 'canceled';

export interface Message {
  id: string;
  contactId?: string | null;
  direction: 'inbound' | 'outbound';
  from: string | null;
  to: string | null;
  body: string;
  status: MessageStatus;
  purpose?: string | null;
  sendAt?: string | null;
  sentAt?: string | null;
  errorCode?: string | null;
  errorMessage?: string | null;
  channel?: Channel | null;
  /** A teammate typed this text into the simulator; it is not the contact's. */
  simulated?: boolean;
  simulatedByUserId?: string | null;
  createdAt: string;
}

export interface Call {
  id: string;
  contactId?: string | null;
  from: string | null;
  to: string | null;
  /** bridge: a teammate's click-to-call; voice_message: automated; inbound: a call to the organization. */
  mode?: 'bridge' | 'voice_message' | 'inbound';
  direction?: 'outbound' | 'inbound';
  connectTo?: string | null;
  voiceMessage?: string | null;
  status: string;
  durationSeconds?: number | null;
  endedAt?: string | null;
  createdByUserId?: string | null;
  errorMessage?: string | null;
  createdAt: string;
}

export interface ConsentEvent {
  id: string;
  type: 'opted_out' | 'opted_in';
  source: ConsentSource;
  keyword: string | null;
  rule: string | null;
  reason: string | null;
  note: string | null;
  actorUserId: string | null;
  messageId: string | null;
  channel?: Channel | null;
  callId?: string | null;
  createdAt: string;
}

export type ConversationItem =
  | ({ kind: 'message' } & Message)
  | ({ kind: 'call' } & Call)
  | ({ kind: 'consent' } & ConsentEvent);

export interface OptOutEntry {
  phone: string;
  contact: { id: string; name: string | null; email: string | null; phone: string } | null;
  optedOutAt: string;
  reason: string | null;
  source: ConsentSource;
  keyword: string | null;
  rule?: string | null;
}

export type InboundAction = 'opted_out' | 'opted_in' | 'help' | 'review' | 'none';

export interface InboundResult {
  message: Message;
  contact: Contact;
  action: InboundAction;
  reply: string | null;
  /** Posted from the app: recorded as the signed-in teammate's simulated text. */
  simulated: boolean;
  /** What the text would have done had the contact sent it, but a simulated text may not: a START never opts in. */
  withheld: 'opted_in' | null;
}

export interface ReplyTemplates {
  optOutReply: string;
  optInReply: string;
  helpReply: string;
}

export type Language = 'en' | 'es' | 'fr';

export interface OptOutSettings extends ReplyTemplates {
  optOutKeywords: string[];
  optInKeywords: string[];
  helpKeywords: string[];
  languages: Language[];
  translations: Partial<Record<'es' | 'fr', ReplyTemplates>>;
  optOutNoticeEnabled: boolean;
  optOutNotice: string;
  voiceOptOutKey: string;
  inboundCallForwardTo: string | null;
  inboundCallGreeting: string;
  /** IANA time zone; insights count days in it. */
  timeZone: string;
}

/** The opt-out notice a text would get (POST /opt-out-notice/preview). */
export interface NoticePreview {
  notice: string | null;
  reason: 'first_text' | 'after_silence' | 'disabled' | 'not_outreach' | 'already_in_body' | 'recent_text';
}

export interface ImportResult {
  imported: number;
  skipped: number;
  errors: { row: number; value: string; error: string }[];
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface LedgerVerification {
  ok: boolean;
  checked: number;
  firstBrokenEventId: string | null;
}

export type ContactSummary = { id: string; name: string | null; email: string | null; phone: string };

export type ReviewStatus = 'pending' | 'opted_out' | 'not_a_revocation';

/** A reply whose intent to revoke consent is unclear (GET /review-queue). */
export interface ReviewItem {
  id: string;
  messageId: string;
  phone: string;
  contact: ContactSummary | null;
  body: string;
  rule: string;
  language: string;
  receivedAt: string;
  deadline: string;
  timeLeftMs: number;
  businessDaysLeft: number;
  overdue: boolean;
  status: ReviewStatus;
  note: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
}

export type ReviewDecision = 'opt_out' | 'not_a_revocation';

export type SequenceStep = { type: 'sms'; body: string; delayMinutes: number } | { type: 'call'; delayMinutes: number; voiceMessage?: string; audioUrl?: string | null };

export interface Sequence {
  id: string;
  name: string;
  steps: SequenceStep[];
  createdByUserId: string | null;
  createdAt: string;
}

export type EnrollmentStatus = 'active' | 'completed' | 'stopped_opted_out' | 'canceled';

export interface Enrollment {
  id: string;
  sequenceId: string;
  contactId: string;
  phone: string;
  status: EnrollmentStatus;
  stopReason: string | null;
  stepsRun: number;
  nextStep: { index: number; type: SequenceStep['type']; dueAt: string } | null;
  createdAt: string;
  updatedAt: string;
  stoppedAt: string | null;
  completedAt: string | null;
}

export interface TwilioSettings {
  accountSid: string | null;
  configured: boolean;
  /** A token is stored but this server cannot decrypt it (SECRET_KEY changed). */
  unreadable?: true;
}

export interface SenderNumber {
  id: string;
  phoneNumber: string;
  provider: 'console' | 'twilio';
  /** A Twilio number the organization's Twilio account confirmed it owns; only these receive Twilio's webhooks. */
  verified?: boolean;
  createdAt: string;
}

export interface EvidenceMessage {
  messageId: string;
  direction: 'inbound' | 'outbound';
  from: string | null;
  to: string | null;
  body: string;
  at: string;
  status: string;
  sentAt: string | null;
  provider: string | null;
  simulated?: boolean;
}

export interface EvidenceEvent {
  id: string;
  seq: number;
  type: 'opted_out' | 'opted_in';
  at: string;
  source: ConsentSource;
  keyword: string | null;
  ruleMatched: string | null;
  reason: string | null;
  note: string | null;
  attestation: string | null;
  actor: { type: 'user' | 'system'; id: string | null; name: string | null; email: string | null; role: string | null; description: string };
  channel: { kind: Channel['kind'] | null; description: string };
  simulated?: boolean;
  causedBy: EvidenceMessage | null;
  confirmation: EvidenceMessage | null;
  hash: string;
  prevHash: string;
  chain: { hashMatchesContent: boolean; linksToPreviousEvent: boolean };
}

/** GET /contacts/:id/consent-report: everything a lawyer asks about a number's consent. */
export interface ConsentReport {
  title: string;
  generatedAt: string;
  organization: { id: string; name: string };
  contact: { id: string; name: string | null; phone: string; email: string | null; createdAt: string };
  currentStatus: {
    optedOut: boolean;
    since: string | null;
    source: ConsentSource | null;
    keyword: string | null;
    ruleMatched: string | null;
    reason: string | null;
    reviewPending: boolean;
  };
  events: EvidenceEvent[];
  reviews: {
    id: string;
    text: string;
    ruleMatched: string;
    receivedAt: string;
    deadline: string;
    status: ReviewStatus;
    decidedAt: string | null;
    decidedBy: string | null;
    note: string | null;
  }[];
  ledgerVerification: {
    theseEventsIntact: boolean;
    eventsChecked: number;
    organizationLedger: LedgerVerification;
  };
}

export type WebhookEventType = 'consent.opted_out' | 'consent.opted_in' | 'review.created' | 'review.decided';

export interface WebhookEndpoint {
  id: string;
  url: string;
  events: WebhookEventType[];
  enabled: boolean;
  description: string | null;
  createdAt: string;
}

export interface WebhookDelivery {
  eventId: string;
  eventType: WebhookEventType;
  phone: string;
  attempt: number;
  status: 'pending' | 'succeeded' | 'failed';
  responseStatus: number | null;
  error: string | null;
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

/** Opt-out insights: the server's own response schemas (src/http/analytics-presenters.ts), as types. */
export type { OptOutRatesResponse, OptOutTimelineResponse, ReviewQueueHealthResponse } from '../../http/analytics-presenters.js';
