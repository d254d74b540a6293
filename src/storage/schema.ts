import type { ColumnType, Insertable, Selectable, Updateable } from 'kysely';
import type { MessagePurpose, OutboundPurpose } from '../domain/send-gate.js';

/**
 * Table types for Kysely. Timestamps are ISO-8601 UTC strings with
 * milliseconds ("2026-11-28T05:28:37.123Z") in both databases, so they sort
 * as text and one code path serves SQLite and PostgreSQL. Booleans are 0/1.
 * JSON values are stored as text.
 */
export interface Database {
  organizations: OrganizationsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_keys: ApiKeysTable;
  contacts: ContactsTable;
  phone_consent: PhoneConsentTable;
  consent_events: ConsentEventsTable;
  ledger_heads: LedgerHeadsTable;
  messages: MessagesTable;
  calls: CallsTable;
  phone_numbers: PhoneNumbersTable;
  provider_credentials: ProviderCredentialsTable;
  sequences: SequencesTable;
  sequence_enrollments: SequenceEnrollmentsTable;
  sequence_step_runs: SequenceStepRunsTable;
  review_items: ReviewItemsTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  opt_out_import_jobs: OptOutImportJobsTable;
  opt_out_import_chunks: OptOutImportChunksTable;
}

export interface OrganizationsTable {
  id: string;
  name: string;
  default_country: string;
  /** JSON: the opt-out settings (keywords, replies, languages). */
  settings: string;
  created_at: string;
}

export interface UsersTable {
  id: string;
  organization_id: string;
  name: string;
  email: string;
  password_hash: string;
  role: 'owner' | 'admin' | 'agent';
  /** E.164; where a click-to-call rings this user first. */
  phone: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: string;
  /** When an owner removed them from the team; they keep their place in the ledger but can no longer act. */
  removed_at: string | null;
}

export interface SessionsTable {
  /** sha256 of the cookie value; the raw token is never stored. */
  id: string;
  user_id: string;
  organization_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

export interface ApiKeysTable {
  id: string;
  organization_id: string;
  user_id: string;
  name: string;
  /** sha256 of the key; the key itself is shown once and never stored. */
  key_hash: string;
  key_prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface ContactsTable {
  id: string;
  organization_id: string;
  name: string | null;
  phone: string;
  /** Digits of the E.164 phone, for partial-digit search. */
  phone_digits: string;
  email: string | null;
  notes: string | null;
  /** JSON array of strings. */
  tags: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

/**
 * The current consent state of one number in one organization, derived from
 * consent_events and updated in the same transaction as each event. A row is
 * also the lock every send and opt-out of that number takes, so the check and
 * the write cannot interleave across server instances.
 */
export interface PhoneConsentTable {
  organization_id: string;
  phone: string;
  opted_out: number;
  changed_at: string | null;
  source: string | null;
  keyword: string | null;
  rule: string | null;
  reason: string | null;
  event_id: string | null;
  /** 1 while a reply from this number awaits a human's review; the number is not contacted meanwhile. */
  review_pending: ColumnType<number, number | undefined, number>;
}

export interface ConsentEventsTable {
  id: string;
  organization_id: string;
  seq: number;
  type: 'opted_out' | 'opted_in';
  phone: string;
  source: string;
  keyword: string | null;
  rule: string | null;
  reason: string | null;
  note: string | null;
  attestation: string | null;
  actor_user_id: string | null;
  message_id: string | null;
  /** The call the opt-out was made on (a keypress, or an agent's record of what was said). */
  call_id: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: string;
  /** JSON of how the change arrived (serializeChannel); null for events from before channels were recorded. */
  channel: ColumnType<string | null, string | null | undefined, string | null>;
  prev_hash: string;
  hash: string;
}

export interface LedgerHeadsTable {
  organization_id: string;
  seq: number;
  hash: string;
}

export type MessageStatus =
  | 'received'
  | 'scheduled'
  | 'queued'
  | 'sending'
  | 'sent'
  | 'delivered'
  | 'failed'
  | 'canceled';

/** The columns of a queued text or call that the dispatcher works with (outreach.repository.ts); texts and calls share them. */
export interface OutreachColumns {
  error_code: string | null;
  error_message: string | null;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: string | null;
  claimed_at: string | null;
  claimed_by: string | null;
  created_by_user_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface MessagesTable extends OutreachColumns {
  id: string;
  organization_id: string;
  contact_id: string | null;
  direction: 'inbound' | 'outbound';
  /** Null for an outbound message through the built-in console provider with no registered number. */
  from_number: string | null;
  /** Null for an inbound message whose receiving number was not given. */
  to_number: string | null;
  body: string;
  status: MessageStatus;
  purpose: MessagePurpose;
  /** For inbound messages: what the classifier made of it (opted_out, opted_in, help, review, none). */
  action: string | null;
  /** For automatic replies: the inbound message answered. */
  in_reply_to_id: string | null;
  send_at: string | null;
  provider: string | null;
  provider_message_id: string | null;
  sent_at: string | null;
  /** Inbound texts: JSON of how the text arrived (serializeChannel); `simulator` means a teammate typed it (created_by_user_id). */
  channel: ColumnType<string | null, string | null | undefined, string | null>;
  /** The sequence whose step queued this text (purpose sequence); insights count texts and opt-outs per sequence by it. */
  sequence_id: ColumnType<string | null, string | null | undefined, string | null>;
}

/**
 * queued/sending: not yet handed to the provider; initiated: the provider has it;
 * ringing, in-progress, then one final status as the provider reports it.
 */
export type CallStatus = 'queued' | 'sending' | 'initiated' | 'ringing' | 'in-progress' | 'completed' | 'busy' | 'no-answer' | 'failed' | 'canceled';

/** bridge: an agent is rung first, then the contact; voice_message: spoken words with the keypress opt-out; inbound: a call to the organization's number. */
export type CallKind = 'bridge' | 'voice_message' | 'inbound';

export interface CallsTable extends OutreachColumns {
  id: string;
  organization_id: string;
  contact_id: string | null;
  /** The organization's number for outbound calls; the caller's for inbound ones. */
  from_number: string | null;
  /** The contact's number for outbound calls; the organization's for inbound ones. */
  to_number: string;
  status: CallStatus;
  purpose: OutboundPurpose | 'inbound';
  provider: string | null;
  provider_call_id: string | null;
  kind: ColumnType<CallKind, CallKind | undefined, CallKind>;
  direction: ColumnType<'outbound' | 'inbound', 'outbound' | 'inbound' | undefined, 'outbound' | 'inbound'>;
  /** bridge: the agent's phone, rung first. */
  connect_to: ColumnType<string | null, string | null | undefined, string | null>;
  /** voice_message: the words spoken. */
  voice_message: ColumnType<string | null, string | null | undefined, string | null>;
  /** voice_message: a recording played after the words. */
  audio_url: ColumnType<string | null, string | null | undefined, string | null>;
  duration_seconds: ColumnType<number | null, number | null | undefined, number | null>;
  ended_at: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface PhoneNumbersTable {
  id: string;
  organization_id: string;
  phone_number: string;
  provider: 'console' | 'twilio';
  created_at: string;
  /**
   * When the organization's own Twilio account confirmed it owns the number;
   * null for console numbers and for Twilio numbers registered before proofs.
   */
  verified_at: ColumnType<string | null, string | null | undefined, string | null>;
  /** Twilio's id of the number (PN…), from the proof. */
  provider_number_sid: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ProviderCredentialsTable {
  organization_id: string;
  provider: string;
  account_sid: string;
  /** AES-256-GCM ciphertext of the auth token (iv:tag:data, base64). */
  auth_token_ciphertext: string;
  updated_at: string;
}

/** An automated outreach sequence; its steps (JSON) never change once created. */
export interface SequencesTable {
  id: string;
  organization_id: string;
  name: string;
  /** JSON array of {type:"sms", body, delayMinutes} | {type:"call", delayMinutes}. */
  steps: string;
  created_by_user_id: string | null;
  created_at: string;
}

export type EnrollmentStatus = 'active' | 'completed' | 'stopped_opted_out' | 'canceled';

/**
 * One contact's run through a sequence, to the number it was enrolled with.
 * Locked after that number's phone_consent row, like messages and calls.
 */
export interface SequenceEnrollmentsTable {
  id: string;
  organization_id: string;
  sequence_id: string;
  contact_id: string;
  phone: string;
  status: EnrollmentStatus;
  /** Why an enrollment stopped early (contact_opted_out, contact_deleted, contact_phone_changed). */
  stop_reason: string | null;
  /** Index of the step to run next; equals the number of steps already run. */
  next_step_index: number;
  /** When the next step is due; null once the enrollment is not active. */
  next_run_at: string | null;
  claimed_at: string | null;
  claimed_by: string | null;
  created_by_user_id: string | null;
  created_at: string;
  updated_at: string;
  stopped_at: string | null;
  completed_at: string | null;
}

export interface SequenceStepRunsTable {
  enrollment_id: string;
  step_index: number;
  message_id: string | null;
  call_id: string | null;
  created_at: string;
}

export type ReviewStatus = 'pending' | 'opted_out' | 'not_a_revocation' | 'resolved_by_opt_out';

/** An inbound reply whose intent to revoke consent is unclear, awaiting a human's decision. */
export interface ReviewItemsTable {
  id: string;
  organization_id: string;
  message_id: string;
  contact_id: string | null;
  phone: string;
  body: string;
  rule: string;
  language: string;
  received_at: string;
  /** Ten business days after receipt: the FCC's limit for honouring a revocation. */
  deadline: string;
  status: ReviewStatus;
  note: string | null;
  decided_by_user_id: string | null;
  decided_at: string | null;
  /** The opt-out event a decision to opt out wrote. */
  event_id: string | null;
}

/** A URL an organization asked to receive its consent events at. */
export interface WebhookEndpointsTable {
  id: string;
  organization_id: string;
  url: string;
  description: string | null;
  /** JSON array of the event types sent to it. */
  events: string;
  /** AES-256-GCM ciphertext of the signing secret (see token-cipher.ts); the secret is shown once, at creation. */
  secret_ciphertext: string;
  enabled: ColumnType<number, number | undefined, number>;
  created_by_user_id: string | null;
  created_at: string;
  deleted_at: string | null;
}

export type WebhookDeliveryStatus = 'pending' | 'succeeded' | 'failed';

/**
 * The outbox: one event to one endpoint, written in the transaction of the
 * change it reports. The body is built from these columns at each attempt,
 * the same bytes every time.
 */
export interface WebhookDeliveriesTable {
  /** Generated; orders the deliveries of one number. */
  seq: ColumnType<number, never, never>;
  endpoint_id: string;
  organization_id: string;
  event_id: string;
  event_type: string;
  phone: string;
  contact_id: string | null;
  /** JSON: the event's data, except contactId. */
  data: string;
  event_created_at: string;
  status: WebhookDeliveryStatus;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: string;
  /** Retries stop 24 hours after this (the event, or a manual retry). */
  retry_since: string;
  claimed_at: string | null;
  claimed_by: string | null;
  last_attempt_at: string | null;
  response_status: number | null;
  error: string | null;
  delivered_at: string | null;
}

export type ImportJobStatus = 'receiving' | 'running' | 'completed' | 'failed';

/** An opt-out CSV imported in the background (migration 0012). */
export interface OptOutImportJobsTable {
  id: string;
  organization_id: string;
  actor_user_id: string | null;
  /** serializeChannel() of how the upload arrived; every event of the job names it. */
  channel: string;
  file_name: string | null;
  status: ImportJobStatus;
  bytes: number;
  /** Data rows read and settled (imported or skipped), in file order: a resumed job starts after them. */
  processed: number;
  imported: number;
  skipped: number;
  /** Rows with an error, all of them; `errors` lists the first few. */
  error_count: number;
  /** JSON: [{row, line, value, error}], at most MAX_LISTED_ERRORS. */
  errors: string;
  /** Why the job failed, for a person. */
  failure: string | null;
  /** The instance running the job, and when it last showed it was alive (its lease). */
  claimed_by: string | null;
  heartbeat_at: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

/** The uploaded CSV of a job, in order. */
export interface OptOutImportChunksTable {
  job_id: string;
  seq: number;
  data: Buffer;
}

export type OptOutImportJobRow = Selectable<OptOutImportJobsTable>;
export type WebhookEndpointRow = Selectable<WebhookEndpointsTable>;
export type WebhookDeliveryRow = Selectable<WebhookDeliveriesTable>;
export type ReviewItemRow = Selectable<ReviewItemsTable>;
export type OrganizationRow = Selectable<OrganizationsTable>;
export type UserRow = Selectable<UsersTable>;
export type ApiKeyRow = Selectable<ApiKeysTable>;
export type ContactRow = Selectable<ContactsTable>;
export type NewContactRow = Insertable<ContactsTable>;
export type ContactUpdate = Updateable<ContactsTable>;
export type PhoneConsentRow = Selectable<PhoneConsentTable>;
export type ConsentEventRow = Selectable<ConsentEventsTable>;
export type MessageRow = Selectable<MessagesTable>;
export type NewMessageRow = Insertable<MessagesTable>;
export type CallRow = Selectable<CallsTable>;
export type NewCallRow = Insertable<CallsTable>;
export type PhoneNumberRow = Selectable<PhoneNumbersTable>;
export type SequenceRow = Selectable<SequencesTable>;
export type SequenceEnrollmentRow = Selectable<SequenceEnrollmentsTable>;
