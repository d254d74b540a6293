import type { ClassificationContext, ClassifierSettings, InboundClassification } from './classification-types.js';
import { compileSettings, type CompiledSettings } from './compile-settings.js';
import { qualifyChannelRequest } from './english-rule-vocabulary.js';
import { matchKeywordInText, matchKeywordReply } from './keyword-reply-rules.js';
import { foldCompatibility, normalizeFolded } from './normalize-inbound-text.js';
import { prepareFoldedMatchText, prepareMatchText, type MatchText } from './prepare-match-text.js';
import { runPhraseRule } from './run-phrase-rules.js';

export type { ClassificationContext, ClassifierSettings, InboundAction, InboundClassification, Language } from './classification-types.js';
export { normalizeInboundText } from './normalize-inbound-text.js';
export { normalizeKeywordList } from './normalize-keyword-list.js';

/** DESIGN rule 2 defaults; every language's second-tier rules active. */
export const DEFAULT_CLASSIFIER_SETTINGS: ClassifierSettings = Object.freeze({
  optOutKeywords: ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT', 'OPT OUT', 'OPT-OUT'],
  optInKeywords: ['START', 'UNSTOP', 'YES'],
  helpKeywords: ['HELP', 'INFO'],
  languages: ['en', 'es', 'fr'],
}) as ClassifierSettings;

/** Texts longer than this are only read this far by tier 2 (an SMS is at most 1,600 characters). */
const MAX_TIER2_LENGTH = 4000;
const NONE: InboundClassification = Object.freeze({ action: 'none' }) as InboundClassification;

/** Tier 1 (DESIGN rule 2): the whole normalised text is one of the organization's keywords. */
function matchTier1(normalized: string, cs: CompiledSettings, context: ClassificationContext): InboundClassification | null {
  const entry = cs.tier1.get(normalized);
  if (entry === undefined) return null;
  switch (entry.kind) {
    case 'opted_out':
      return { action: 'opted_out', source: 'keyword', keyword: entry.listed, rule: null, language: entry.language };
    case 'opted_in':
      if (entry.conditional && !context.optedOut) return NONE;
      return { action: 'opted_in', keyword: entry.listed, language: entry.language };
    case 'help':
      return { action: 'help', keyword: entry.listed, language: entry.language };
  }
}

type ReviewResult = Extract<InboundClassification, { action: 'review' }>;

/** Tier 2 (DESIGN rule 3): phrases, typos, emoji, other languages, then reviews, then opt-in/help words with courtesy. */
function matchTier2(text: MatchText, cs: CompiledSettings): InboundClassification {
  // The first review seen is kept; any opt-out found later still wins ("when in doubt, don't contact").
  let review: ReviewResult | null = null;

  const early = matchKeywordReply(text, cs);
  if (early?.action === 'opted_out') return early;
  if (early?.action === 'review') review = early;

  for (const rule of cs.optOutRules) {
    const verdict = runPhraseRule(rule, text, rule.language === 'en' ? qualifyChannelRequest : null);
    if (verdict === null) continue;
    if (verdict.kind === 'opted_out') {
      return { action: 'opted_out', source: 'phrase', keyword: verdict.rule.keyword, rule: verdict.rule.id, language: verdict.rule.language };
    }
    review ??= { action: 'review', rule: verdict.ruleId, language: verdict.language };
  }

  const qualified = review !== null && (review.rule === 'review.partial_revocation' || review.rule === 'review.channel_preference');
  const late = matchKeywordInText(text, cs, qualified);
  if (late?.action === 'opted_out') return late;
  if (late?.action === 'review') review ??= late;
  if (review !== null) return review;

  for (const rule of cs.reviewRules) {
    const verdict = runPhraseRule(rule, text, null);
    if (verdict !== null && verdict.kind === 'review') return { action: 'review', rule: verdict.ruleId, language: verdict.language };
  }

  if (cs.optInHelpReply !== null) {
    const form = cs.optInHelpReply.exec(text.words)?.[1];
    const entry = form === undefined ? undefined : cs.optInHelpForms.get(form);
    if (entry !== undefined) {
      return entry.kind === 'opted_in'
        ? { action: 'opted_in', keyword: entry.keyword, language: entry.language }
        : { action: 'help', keyword: entry.keyword, language: entry.language };
    }
  }
  return NONE;
}

/**
 * Classifies one inbound text for an organization. Pure and total: never throws, no I/O, no clock.
 * Opt-out always wins; tier 1 (exact keyword) decides before tier 2 (phrases); YES opts in only
 * when `context.optedOut`. Examples (default settings):
 *   "¡STOP!" → opted_out/keyword STOP; "please stop texting me" → opted_out/phrase phrase.stop_contacting_me;
 *   "No más mensajes" → opted_out/phrase es.no_mas (language es); "not interested" → review review.not_interested;
 *   "Stop by anytime" → none.
 */
export function classifyInboundText(text: string, settings: ClassifierSettings, context: { optedOut: boolean }): InboundClassification {
  const input = typeof text === 'string' ? text : '';
  const cs = compileSettings(settings);
  // One compatibility fold serves both tiers (it was a tenth of the time on real texts).
  const compatible = foldCompatibility(input);
  const normalized = normalizeFolded(compatible);
  const tier1 = matchTier1(normalized, cs, context);
  if (tier1 !== null) return tier1;
  if (input.length > MAX_TIER2_LENGTH) return matchTier2(prepareMatchText(input.slice(0, MAX_TIER2_LENGTH)), cs);
  return matchTier2(prepareFoldedMatchText(input, compatible, normalized), cs);
}

