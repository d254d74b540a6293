import {
  DEFAULT_CLASSIFIER_SETTINGS,
  normalizeKeywordList,
  type ClassifierSettings,
  type Language,
} from './classification/classify-inbound-text.js';
import { AppError } from './errors.js';
import { DEFAULT_OPT_OUT_NOTICE, MAX_NOTICE_LENGTH } from './opt-out-notice.js';
import { tryNormalizePhone } from './phone.js';
import { DEFAULT_TIME_ZONE, isValidTimeZone } from './time-zone.js';
import { DEFAULT_OPT_OUT_KEY, validateOptOutKey } from './voice-call.js';

export interface ReplyTemplates {
  optOutReply: string;
  optInReply: string;
  helpReply: string;
}

/** An organization's opt-out settings: keyword lists, active languages and reply templates. */
export interface OptOutSettings extends ClassifierSettings, ReplyTemplates {
  /** Append `optOutNotice` to the first text to a number and the first after 30 days of silence (CTIA). */
  optOutNoticeEnabled: boolean;
  optOutNotice: string;
  /** The key that opts a number out during a call (rule 13). */
  voiceOptOutKey: string;
  /** Where calls to the organization's number are forwarded (E.164); null plays `inboundCallGreeting` instead. */
  inboundCallForwardTo: string | null;
  inboundCallGreeting: string;
  /** The organization's IANA time zone: where its days begin in insights (analytics). */
  timeZone: string;
  /** Replies in other languages, used when the person wrote in that language. */
  translations: Partial<Record<Exclude<Language, 'en'>, ReplyTemplates>>;
}

export const LANGUAGES: readonly Language[] = ['en', 'es', 'fr'];
const MAX_REPLY_LENGTH = 480;
const SETTINGS_FIELDS = ['optOutKeywords', 'optInKeywords', 'helpKeywords', 'languages', 'optOutReply', 'optInReply', 'helpReply', 'optOutNoticeEnabled', 'optOutNotice', 'voiceOptOutKey', 'inboundCallForwardTo', 'inboundCallGreeting', 'timeZone'] as const;

export const DEFAULT_OPT_OUT_SETTINGS: OptOutSettings = {
  ...DEFAULT_CLASSIFIER_SETTINGS,
  optOutReply: '{organization}: You are unsubscribed and will receive no more messages from us. Reply START to resubscribe.',
  optInReply: '{organization}: You are subscribed to messages again. Reply STOP to unsubscribe, HELP for help.',
  helpReply: '{organization}: Reply STOP to unsubscribe. Msg&data rates may apply.',
  optOutNoticeEnabled: true,
  optOutNotice: DEFAULT_OPT_OUT_NOTICE,
  voiceOptOutKey: DEFAULT_OPT_OUT_KEY,
  inboundCallForwardTo: null,
  inboundCallGreeting: 'Thank you for calling {organization}. We cannot take your call right now; we will call you back.',
  timeZone: DEFAULT_TIME_ZONE,
  translations: {
    es: {
      optOutReply: '{organization}: Se ha dado de baja y no recibirá más mensajes nuestros. Responda START para volver a suscribirse.',
      optInReply: '{organization}: Vuelve a estar suscrito. Responda STOP para darse de baja.',
      helpReply: '{organization}: Responda STOP para darse de baja. Pueden aplicarse tarifas de mensajes y datos.',
    },
    fr: {
      optOutReply: '{organization} : Vous êtes désinscrit et ne recevrez plus de messages de notre part. Répondez START pour vous réinscrire.',
      optInReply: '{organization} : Vous êtes à nouveau inscrit. Répondez STOP pour vous désinscrire.',
      helpReply: '{organization} : Répondez STOP pour vous désinscrire. Des frais de messagerie peuvent s’appliquer.',
    },
  },
};

/** Reads settings stored by any earlier version, filling in what was added since. */
export function parseStoredSettings(json: string): OptOutSettings {
  const stored = JSON.parse(json) as Partial<OptOutSettings>;
  return {
    ...DEFAULT_OPT_OUT_SETTINGS,
    ...stored,
    translations: { ...DEFAULT_OPT_OUT_SETTINGS.translations, ...(stored.translations ?? {}) },
  };
}

export type SettingsChange = Partial<Omit<OptOutSettings, 'translations'>> & {
  translations?: Partial<Record<Exclude<Language, 'en'>, Partial<ReplyTemplates>>>;
};

/**
 * Applies an admin's change to the settings and checks the result as a
 * whole: keyword lists normalised and non-empty, no keyword in two lists,
 * replies present and short enough for a few SMS segments.
 */
export function applySettingsChange(current: OptOutSettings, change: SettingsChange): OptOutSettings {
  // A fresh copy all the way down: the current settings may be shared (and frozen) between requests.
  const translations: OptOutSettings['translations'] = {};
  for (const [language, templates] of Object.entries(current.translations)) translations[language as Exclude<Language, 'en'>] = { ...templates };
  const next: OptOutSettings = { ...current, translations };
  // Only the fields settings have are taken from the change: nothing else is ever stored.
  for (const field of SETTINGS_FIELDS) {
    if (change[field] !== undefined) (next as unknown as Record<string, unknown>)[field] = change[field];
  }
  for (const [language, templates] of Object.entries(change.translations ?? {})) {
    if (language !== 'es' && language !== 'fr') continue;
    const key = language as Exclude<Language, 'en'>;
    const base = current.translations[key] ?? DEFAULT_OPT_OUT_SETTINGS.translations[key]!;
    next.translations[key] = { ...base, ...templates };
  }

  for (const field of ['optOutKeywords', 'optInKeywords', 'helpKeywords'] as const) {
    const result = normalizeKeywordList(next[field]);
    if (!result.ok) throw new AppError('invalid_request', `${field}: ${result.problem}`, { field });
    if (result.keywords.length === 0) throw new AppError('invalid_request', `${field}: list at least one keyword.`, { field });
    next[field] = result.keywords;
  }
  const owners = new Map<string, string>();
  for (const field of ['optOutKeywords', 'optInKeywords', 'helpKeywords'] as const) {
    for (const keyword of next[field]) {
      const other = owners.get(keyword);
      if (other !== undefined) {
        throw new AppError('invalid_request', `${field}: "${keyword}" is already in ${other}; a keyword can have only one meaning.`, { field });
      }
      owners.set(keyword, field);
    }
  }

  if (!Array.isArray(next.languages) || next.languages.some((l) => !LANGUAGES.includes(l)) || !next.languages.includes('en')) {
    throw new AppError('invalid_request', `languages: choose from ${LANGUAGES.join(', ')}; English is always on.`, { field: 'languages' });
  }
  next.languages = [...new Set(next.languages)];

  if (typeof next.optOutNoticeEnabled !== 'boolean') throw new AppError('invalid_request', 'optOutNoticeEnabled: true or false.', { field: 'optOutNoticeEnabled' });
  const notice = typeof next.optOutNotice === 'string' ? next.optOutNotice.trim() : '';
  if (!notice) throw new AppError('invalid_request', 'optOutNotice: write the notice, e.g. "Reply STOP to opt out."', { field: 'optOutNotice' });
  if (notice.length > MAX_NOTICE_LENGTH) throw new AppError('invalid_request', `optOutNotice: keep the notice to ${MAX_NOTICE_LENGTH} characters.`, { field: 'optOutNotice' });
  next.optOutNotice = notice;
  next.voiceOptOutKey = validateOptOutKey(next.voiceOptOutKey);
  if (next.inboundCallForwardTo !== null) {
    const forward = typeof next.inboundCallForwardTo === 'string' && next.inboundCallForwardTo.trim() ? tryNormalizePhone(next.inboundCallForwardTo, 'US') : null;
    if (typeof next.inboundCallForwardTo === 'string' && !next.inboundCallForwardTo.trim()) next.inboundCallForwardTo = null;
    else if (!forward) throw new AppError('invalid_request', 'inboundCallForwardTo: a phone number, e.g. +14155550100.', { field: 'inboundCallForwardTo' });
    else next.inboundCallForwardTo = forward;
  }
  const greeting = typeof next.inboundCallGreeting === 'string' ? next.inboundCallGreeting.trim() : '';
  if (!greeting || greeting.length > MAX_REPLY_LENGTH) throw new AppError('invalid_request', `inboundCallGreeting: write what callers hear, up to ${MAX_REPLY_LENGTH} characters.`, { field: 'inboundCallGreeting' });
  next.inboundCallGreeting = greeting;
  if (typeof next.timeZone !== 'string' || !isValidTimeZone(next.timeZone.trim())) {
    throw new AppError('invalid_request', 'timeZone: an IANA time zone name, e.g. "America/New_York" or "Europe/Paris".', { field: 'timeZone' });
  }
  next.timeZone = next.timeZone.trim();

  const templateSets: [string, ReplyTemplates][] = [['', next], ...Object.entries(next.translations).map(([l, t]) => [`translations.${l}.`, t] as [string, ReplyTemplates])];
  for (const [prefix, templates] of templateSets) {
    for (const field of ['optOutReply', 'optInReply', 'helpReply'] as const) {
      const text = typeof templates[field] === 'string' ? templates[field].trim() : '';
      if (text.length === 0) throw new AppError('invalid_request', `${prefix}${field}: write the reply text.`, { field: `${prefix}${field}` });
      if (text.length > MAX_REPLY_LENGTH) {
        throw new AppError('invalid_request', `${prefix}${field}: keep replies to ${MAX_REPLY_LENGTH} characters.`, { field: `${prefix}${field}` });
      }
      templates[field] = text;
    }
  }
  return next;
}

/** The reply for an action, in the person's language when the organization has one, with {organization} filled in. */
export function renderReply(settings: OptOutSettings, kind: keyof ReplyTemplates, language: Language, organizationName: string): string {
  const templates = language !== 'en' && settings.languages.includes(language) ? settings.translations[language] ?? settings : settings;
  return templates[kind].replaceAll('{organization}', organizationName);
}
