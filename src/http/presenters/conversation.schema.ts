import { Type } from 'typebox';
import { Nullable, Timestamp } from '../schemas.js';
import { ConsentSource, Contact } from './contacts.schema.js';

/** How a text or consent change arrived. */
export const Channel = Type.Union([
  Type.Object({ kind: Type.Literal('provider'), provider: Type.String() }),
  Type.Object({ kind: Type.Literal('api_key'), id: Type.String(), name: Type.String() }),
  Type.Object({ kind: Type.Literal('app') }),
  Type.Object({ kind: Type.Literal('simulator') }),
  Type.Object({ kind: Type.Literal('system') }),
]);

/** "sending" is internal: clients see a text handed to the provider, answer pending, as queued. */
export const MessageStatus = Type.Enum(['received', 'scheduled', 'queued', 'sent', 'delivered', 'failed', 'canceled']);

export const Message = Type.Object({
  id: Type.String(),
  contactId: Nullable(Type.String()),
  direction: Type.Enum(['inbound', 'outbound']),
  from: Nullable(Type.String()),
  to: Nullable(Type.String()),
  body: Type.String(),
  status: MessageStatus,
  purpose: Nullable(Type.String({ description: 'Why an outbound text was sent: outreach, or a reply (opt-out, opt-in, help confirmation).' })),
  sendAt: Nullable(Timestamp),
  sentAt: Nullable(Timestamp),
  provider: Nullable(Type.String()),
  providerMessageId: Nullable(Type.String()),
  channel: Nullable(Channel),
  simulated: Type.Boolean({ description: 'A teammate typed this text into the simulator; it is not the contact\'s.' }),
  simulatedByUserId: Nullable(Type.String()),
  errorCode: Nullable(Type.String()),
  errorMessage: Nullable(Type.String()),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const CallStatus = Type.Enum(['queued', 'initiated', 'ringing', 'in-progress', 'completed', 'busy', 'no-answer', 'failed', 'canceled']);

export const Call = Type.Object({
  id: Type.String(),
  contactId: Nullable(Type.String()),
  from: Nullable(Type.String()),
  to: Nullable(Type.String()),
  mode: Type.Enum(['bridge', 'voice_message', 'inbound'], { description: 'bridge: a teammate\'s click-to-call; voice_message: automated, with the keypress opt-out; inbound: a call to the organization.' }),
  direction: Type.Enum(['outbound', 'inbound']),
  connectTo: Nullable(Type.String()),
  voiceMessage: Nullable(Type.String()),
  audioUrl: Nullable(Type.String()),
  status: CallStatus,
  durationSeconds: Nullable(Type.Number()),
  endedAt: Nullable(Timestamp),
  createdByUserId: Nullable(Type.String()),
  provider: Nullable(Type.String()),
  providerCallId: Nullable(Type.String()),
  errorCode: Nullable(Type.String()),
  errorMessage: Nullable(Type.String()),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const ConsentEventType = Type.Enum(['opted_out', 'opted_in']);

/** What a consent change says of itself: why, the actor's note, and for an opt-in the attestation. */
export const ChangeAccount = {
  reason: Nullable(Type.String()),
  note: Nullable(Type.String()),
  attestation: Nullable(Type.String({ description: 'For an opt-in: how the contact asked (contact_requested).' })),
};

/** One entry of the consent ledger, with its place in the hash chain. */
export const ConsentEvent = Type.Object({
  id: Type.String(),
  seq: Type.Integer(),
  type: ConsentEventType,
  phone: Type.String(),
  source: ConsentSource,
  keyword: Nullable(Type.String()),
  rule: Nullable(Type.String()),
  ...ChangeAccount,
  actorUserId: Nullable(Type.String()),
  messageId: Nullable(Type.String()),
  channel: Nullable(Channel),
  callId: Nullable(Type.String()),
  createdAt: Timestamp,
  hash: Type.String(),
  prevHash: Type.String(),
});

export const ConversationItem = Type.Union([
  Type.Object({ kind: Type.Literal('message'), ...Message.properties }),
  Type.Object({ kind: Type.Literal('call'), ...Call.properties }),
  Type.Object({ kind: Type.Literal('consent'), ...ConsentEvent.properties }),
]);

export const InboundAction = Type.Enum(['opted_out', 'opted_in', 'help', 'review', 'none']);

export const InboundResult = Type.Object({
  message: Message,
  contact: Contact,
  action: InboundAction,
  reply: Nullable(Type.String({ description: 'The reply text sent back, if any.' })),
  replyMessage: Nullable(Message),
  duplicate: Type.Boolean({ description: 'This provider message id was already received; nothing new was written.' }),
  simulated: Type.Boolean({ description: 'Posted from the app: recorded as the signed-in teammate\'s simulated text.' }),
  withheld: Nullable(Type.Literal('opted_in', { description: 'What the text would have done had the contact sent it: a simulated START never opts in.' })),
});

export const MessageEnvelope = Type.Object({ message: Message });

export const CallEnvelope = Type.Object({ call: Call });

export const NoticePreview = Type.Object({
  notice: Nullable(Type.String()),
  reason: Type.Enum(['first_text', 'after_silence', 'disabled', 'not_outreach', 'already_in_body', 'recent_text']),
});
