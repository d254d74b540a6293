/**
 * The CTIA opt-out notice on first texts (DESIGN rule 14): which outbound
 * texts end with the organization's "Reply STOP to opt out." and which
 * already say how to stop. Pure: the caller passes the time of the last
 * text to the number and the time of this one.
 */
import type { Language } from './classification/classification-types.js';
import type { OutboundPurpose } from './send-gate.js';

/** A text after this long without one to the number counts as a first text again. */
export const NOTICE_SILENCE_MS = 30 * 24 * 60 * 60 * 1000;
export const DEFAULT_OPT_OUT_NOTICE = 'Reply STOP to opt out.';
export const MAX_NOTICE_LENGTH = 120;

/** Only texts a person or a sequence writes carry the notice; confirmations and HELP replies never do. */
const NOTICE_PURPOSES: ReadonlySet<OutboundPurpose> = new Set(['manual', 'api', 'sequence']);

/**
 * Phrases that tell the reader how to opt out, per language, matched
 * case-insensitively as whole words. "STOP" (and the organization's other
 * opt-out keywords) count only when written in capitals: "Reply STOP" tells
 * how to stop, "stop by our office" does not.
 */
const HOW_TO_STOP: Record<Language, RegExp> = {
  en: /\b(opt[\s-]?out|unsubscribe|text stop|reply stop)\b/iu,
  es: /\b(darse de baja|darte de baja|dese de baja|cancelar (la )?suscripci[oó]n|responda stop|responde stop)\b/iu,
  fr: /\b(d[ée]sinscri\p{L}*|d[ée]sabonne\p{L}*|r[ée]pondez stop)/iu,
};

export interface NoticeSettings {
  optOutNoticeEnabled: boolean;
  optOutNotice: string;
  optOutKeywords: readonly string[];
  languages: readonly Language[];
}

/**
 * True when the body already tells the reader how to opt out: a phrase such
 * as "opt out", "unsubscribe", "darse de baja", "désinscrire" in one of the
 * organization's languages, or one of its opt-out keywords written in
 * capitals as a word ("Reply STOP", "text END to quit").
 * e.g. `"Text STOP to end"` → true; `"Stop by on Friday"` → false.
 */
export function bodyTellsHowToOptOut(body: string, settings: Pick<NoticeSettings, 'optOutKeywords' | 'languages'>): boolean {
  const text = body.normalize('NFKC');
  for (const language of new Set<Language>(['en', ...settings.languages])) {
    if (HOW_TO_STOP[language].test(text)) return true;
  }
  return settings.optOutKeywords.some((keyword) => {
    const upper = keyword.toUpperCase();
    // Single letters or digits would match too much ordinary writing.
    if (upper.length < 3) return false;
    return new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(upper)}($|[^\\p{L}\\p{N}])`, 'u').test(text);
  });
}

export type NoticeDecision =
  | { add: true; notice: string; reason: 'first_text' | 'after_silence' }
  | { add: false; reason: 'disabled' | 'not_outreach' | 'already_in_body' | 'recent_text' };

/**
 * Whether a text gets the notice: only outreach (manual, API and sequence
 * texts), only while the setting is on, only when no text went to the number
 * in the 30 days before `at` (or none ever), and never when the body already
 * says how to stop.
 */
export function decideOptOutNotice(input: { settings: NoticeSettings; purpose: OutboundPurpose; body: string; lastTextAt: string | null; at: Date }): NoticeDecision {
  if (!NOTICE_PURPOSES.has(input.purpose)) return { add: false, reason: 'not_outreach' };
  if (!input.settings.optOutNoticeEnabled || !input.settings.optOutNotice.trim()) return { add: false, reason: 'disabled' };
  if (bodyTellsHowToOptOut(input.body, input.settings)) return { add: false, reason: 'already_in_body' };
  if (input.lastTextAt === null) return { add: true, notice: input.settings.optOutNotice.trim(), reason: 'first_text' };
  if (input.at.getTime() - Date.parse(input.lastTextAt) >= NOTICE_SILENCE_MS) return { add: true, notice: input.settings.optOutNotice.trim(), reason: 'after_silence' };
  return { add: false, reason: 'recent_text' };
}

/** The body as sent: the notice on its own line after the text. */
export function appendNotice(body: string, decision: NoticeDecision): string {
  return decision.add ? `${body}\n${decision.notice}` : body;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
