import { Type } from 'typebox';
import { Nullable, Timestamp } from '../schemas.js';

export const Language = Type.Enum(['en', 'es', 'fr']);

export const ReplyTemplates = Type.Object({ optOutReply: Type.String(), optInReply: Type.String(), helpReply: Type.String() });

export const OptOutSettings = Type.Object({
  optOutKeywords: Type.Array(Type.String()),
  optInKeywords: Type.Array(Type.String()),
  helpKeywords: Type.Array(Type.String()),
  languages: Type.Array(Language, { description: 'Languages whose second-tier rules are active; English is always.' }),
  ...ReplyTemplates.properties,
  translations: Type.Object({ es: Type.Optional(ReplyTemplates), fr: Type.Optional(ReplyTemplates) }, { description: 'Replies used when the person wrote in that language.' }),
  optOutNoticeEnabled: Type.Boolean(),
  optOutNotice: Type.String(),
  voiceOptOutKey: Type.String(),
  inboundCallForwardTo: Nullable(Type.String()),
  inboundCallGreeting: Type.String(),
  timeZone: Type.String({ description: 'IANA time zone; insights count days in it.', examples: ['America/New_York'] }),
});

export const LedgerVerification = Type.Object({
  ok: Type.Boolean(),
  checked: Type.Integer({ description: 'Events checked.' }),
  firstBrokenEventId: Nullable(Type.String()),
});

export const TwilioSettings = Type.Object({
  accountSid: Nullable(Type.String()),
  configured: Type.Boolean(),
  unreadable: Type.Optional(Type.Literal(true, { description: 'A token is stored but this server cannot decrypt it (SECRET_KEY changed): save it again.' })),
});

export const SenderNumber = Type.Object({
  id: Type.String(),
  phoneNumber: Type.String(),
  provider: Type.Enum(['console', 'twilio']),
  verified: Type.Boolean({ description: 'A Twilio number its organization\'s Twilio account confirmed it owns; only these route Twilio\'s webhooks.' }),
  verifiedAt: Nullable(Timestamp),
  createdAt: Timestamp,
});
