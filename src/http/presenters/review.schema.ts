import { Type } from 'typebox';
import { Nullable, Timestamp } from '../schemas.js';
import { ConsentSource, ContactSummary } from './contacts.schema.js';
import { ChangeAccount, ConsentEventType } from './conversation.schema.js';
import { LedgerVerification } from './settings.schema.js';

export const ReviewStatus = Type.Enum(['pending', 'opted_out', 'not_a_revocation', 'resolved_by_opt_out']);

/** A reply whose intent to revoke consent is unclear (GET /review-queue). */
export const ReviewItem = Type.Object({
  id: Type.String(),
  messageId: Type.String(),
  phone: Type.String(),
  contact: Nullable(ContactSummary),
  body: Type.String(),
  rule: Type.String({ description: 'The rule that found the reply unclear.' }),
  language: Type.String(),
  receivedAt: Timestamp,
  deadline: Timestamp,
  timeLeftMs: Type.Number(),
  businessDaysLeft: Type.Integer(),
  overdue: Type.Boolean(),
  status: ReviewStatus,
  note: Nullable(Type.String()),
  decidedBy: Nullable(Type.String()),
  decidedAt: Nullable(Timestamp),
});

/** A text named as evidence in the consent report. */
export const EvidenceMessage = Type.Object({
  messageId: Type.String(),
  direction: Type.Enum(['inbound', 'outbound']),
  from: Nullable(Type.String()),
  to: Nullable(Type.String()),
  body: Type.String(),
  at: Timestamp,
  status: Type.String(),
  sentAt: Nullable(Timestamp),
  provider: Nullable(Type.String()),
  providerMessageId: Nullable(Type.String()),
  simulated: Type.Boolean(),
});

/** The call an opt-out was made on; found is false when the call is gone. */
export const EvidenceCall = Type.Union([
  Type.Object({ id: Type.String(), found: Type.Literal(false) }),
  Type.Object({
    id: Type.String(),
    found: Type.Literal(true),
    direction: Type.Enum(['outbound', 'inbound']),
    kind: Type.Enum(['bridge', 'voice_message', 'inbound']),
    from: Nullable(Type.String()),
    to: Nullable(Type.String()),
    startedAt: Timestamp,
    endedAt: Nullable(Timestamp),
    status: Type.String(),
    durationSeconds: Nullable(Type.Number()),
    providerCallId: Nullable(Type.String()),
  }),
]);

export const EvidenceEvent = Type.Object({
  id: Type.String(),
  seq: Type.Integer(),
  type: ConsentEventType,
  at: Timestamp,
  source: ConsentSource,
  keyword: Nullable(Type.String()),
  ruleMatched: Nullable(Type.String()),
  ...ChangeAccount,
  actor: Type.Object({
    type: Type.Enum(['user', 'system']),
    id: Nullable(Type.String()),
    name: Nullable(Type.String()),
    email: Nullable(Type.String()),
    role: Nullable(Type.String()),
    description: Type.String(),
  }),
  channel: Type.Object({
    kind: Nullable(Type.Enum(['provider', 'api_key', 'app', 'simulator', 'system'])),
    description: Type.String(),
    provider: Type.Optional(Type.String()),
    id: Type.Optional(Type.String()),
    name: Type.Optional(Type.String()),
  }),
  simulated: Type.Boolean(),
  causedBy: Nullable(EvidenceMessage),
  onCall: Nullable(EvidenceCall),
  confirmation: Nullable(EvidenceMessage),
  hash: Type.String(),
  prevHash: Type.String(),
  chain: Type.Object({ hashMatchesContent: Type.Boolean(), linksToPreviousEvent: Type.Boolean() }),
});

/** GET /contacts/:id/consent-report: everything a lawyer asks about a number's consent. */
export const ConsentReport = Type.Object({
  title: Type.String(),
  generatedAt: Timestamp,
  generatedBy: Type.String({ description: 'The user who asked for the report.' }),
  organization: Type.Object({ id: Type.String(), name: Type.String() }),
  contact: Type.Object({ id: Type.String(), name: Nullable(Type.String()), phone: Type.String(), email: Nullable(Type.String()), createdAt: Timestamp }),
  currentStatus: Type.Object({
    optedOut: Type.Boolean(),
    since: Nullable(Timestamp),
    source: Nullable(ConsentSource),
    keyword: Nullable(Type.String()),
    ruleMatched: Nullable(Type.String()),
    reason: Nullable(Type.String()),
    reviewPending: Type.Boolean(),
  }),
  events: Type.Array(EvidenceEvent),
  reviews: Type.Array(
    Type.Object({
      id: Type.String(),
      text: Type.String(),
      ruleMatched: Type.String(),
      receivedAt: Timestamp,
      deadline: Timestamp,
      status: ReviewStatus,
      decidedAt: Nullable(Timestamp),
      decidedBy: Nullable(Type.String()),
      note: Nullable(Type.String()),
    }),
  ),
  ledgerVerification: Type.Object({
    theseEventsIntact: Type.Boolean(),
    eventsChecked: Type.Integer(),
    organizationLedger: LedgerVerification,
  }),
});
