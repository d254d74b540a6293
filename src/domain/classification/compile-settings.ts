import type { ClassifierSettings, Language } from './classification-types.js';
import { ENGLISH_PHRASE_RULES } from './english-phrase-rules.js';
import { ENGLISH_REVIEW_RULES } from './english-review-rules.js';
import { EN_COURTESY, EN_OPT_IN_COURTESY } from './english-vocabulary.js';
import { FR_COURTESY, FR_MARKERS, FRENCH_HELP, FRENCH_OPT_IN, FRENCH_OPT_OUT_RULES, FRENCH_REVIEW_RULES } from './french-rules.js';
import {
  BUILT_IN_STRONG_KEYWORDS,
  compactForm,
  CONDITIONAL_OPT_IN_KEYWORDS,
  keywordLanguage,
  keywordWordForm,
  WEAK_KEYWORDS,
} from './keyword-forms.js';
import { normalizeInboundText } from './normalize-inbound-text.js';
import type { PhraseRule } from './phrase-rule.js';
import { alt, escapeRegex } from './rule-regex.js';
import { ES_COURTESY, ES_MARKERS, SPANISH_HELP, SPANISH_OPT_IN, SPANISH_OPT_OUT_RULES, SPANISH_REVIEW_RULES } from './spanish-rules.js';

export type KeywordKind = 'opted_out' | 'opted_in' | 'help';

export interface Tier1Entry {
  readonly kind: KeywordKind;
  /** As listed in the settings. */
  readonly listed: string;
  readonly language: Language;
  /** YES: only opts in a number that is opted out. */
  readonly conditional: boolean;
}

export interface ListedKeyword {
  readonly listed: string;
  readonly weak: boolean;
  readonly language: Language;
}

/** Everything the classifier derives from one organization's settings, built once and cached. */
export interface CompiledSettings {
  readonly languages: ReadonlySet<Language>;
  /** Normalised keyword → what it does (opt-out wins over opt-in wins over help). */
  readonly tier1: ReadonlyMap<string, Tier1Entry>;
  /** Clause word-form of every opt-out word (organization's list plus the built-in strong words) → keyword. */
  readonly optOutForms: ReadonlyMap<string, ListedKeyword>;
  /** Letters-only forms, for spelled-out keywords ("S T O P", "opt_out"). */
  readonly optOutCompact: ReadonlyMap<string, ListedKeyword>;
  /** "^(courtesy )*KEYWORD( courtesy| KEYWORD)*$" over the message words. */
  readonly keywordReply: RegExp;
  /** Finds the keywords inside such a reply. */
  readonly keywordFinder: RegExp;
  /** Opt-out words of four letters or more, for typo matching. */
  readonly typoTargets: ReadonlyArray<{ readonly compact: string; readonly keyword: ListedKeyword }>;
  /** Letters-only forms of opt-in and help keywords, never taken for typos of opt-out words. */
  readonly otherKeywordCompact: ReadonlySet<string>;
  readonly courtesy: string;
  readonly courtesyTokens: ReadonlySet<string>;
  readonly optOutRules: readonly PhraseRule[];
  readonly reviewRules: readonly PhraseRule[];
  /** Opt-in and help keywords with courtesy words ("START please", "AYUDA"). */
  readonly optInHelpReply: RegExp | null;
  readonly optInHelpForms: ReadonlyMap<string, { kind: 'opted_in' | 'help'; keyword: string; language: Language }>;
  readonly esMarkers: ReadonlySet<string> | null;
  readonly frMarkers: ReadonlySet<string> | null;
}

function buildTier1(settings: ClassifierSettings, active: ReadonlySet<Language>): Map<string, Tier1Entry> {
  const tier1 = new Map<string, Tier1Entry>();
  const lists: Array<[KeywordKind, readonly string[]]> = [
    ['opted_out', settings.optOutKeywords],
    ['opted_in', settings.optInKeywords],
    ['help', settings.helpKeywords],
  ];
  for (const [kind, list] of lists) {
    for (const listed of list) {
      const normalized = normalizeInboundText(listed);
      if (normalized === '' || tier1.has(normalized)) continue;
      tier1.set(normalized, {
        kind,
        listed,
        language: keywordLanguage(listed, active),
        conditional: kind === 'opted_in' && CONDITIONAL_OPT_IN_KEYWORDS.has(normalized),
      });
    }
  }
  return tier1;
}

function compile(settings: ClassifierSettings): CompiledSettings {
  const languages = new Set<Language>(['en', ...settings.languages.filter((l) => l === 'es' || l === 'fr')]);
  const es = languages.has('es');
  const fr = languages.has('fr');
  const tier1 = buildTier1(settings, languages);

  const optOutForms = new Map<string, ListedKeyword>();
  const addOptOut = (listed: string): void => {
    const form = keywordWordForm(listed);
    if (form === '' || optOutForms.has(form)) return;
    optOutForms.set(form, { listed, weak: WEAK_KEYWORDS.has(form), language: keywordLanguage(listed, languages) });
  };
  settings.optOutKeywords.forEach(addOptOut);
  BUILT_IN_STRONG_KEYWORDS.forEach(addOptOut);

  const optOutCompact = new Map<string, ListedKeyword>();
  for (const [form, keyword] of optOutForms) if (!optOutCompact.has(compactForm(form))) optOutCompact.set(compactForm(form), keyword);

  const courtesyList = [...EN_COURTESY, ...(es ? ES_COURTESY : []), ...(fr ? FR_COURTESY : [])];
  const courtesy = alt(courtesyList);
  const keywordAlt = alt([...optOutForms.keys()].map(escapeRegex));

  const otherKeywordCompact = new Set<string>();
  for (const list of [settings.optInKeywords, settings.helpKeywords]) for (const k of list) otherKeywordCompact.add(compactForm(keywordWordForm(k)));

  const optInHelpForms = new Map<string, { kind: 'opted_in' | 'help'; keyword: string; language: Language }>();
  for (const [normalized, entry] of tier1) {
    if (entry.kind === 'opted_out' || entry.conditional) continue;
    const form = keywordWordForm(normalized);
    if (form !== '' && !optOutForms.has(form)) optInHelpForms.set(form, { kind: entry.kind, keyword: entry.listed, language: entry.language });
  }
  const addLanguageWords = (words: ReadonlyArray<{ words: string; keyword: string }>, kind: 'opted_in' | 'help', language: Language): void => {
    for (const w of words) if (!optInHelpForms.has(w.words) && !optOutForms.has(w.words)) optInHelpForms.set(w.words, { kind, keyword: w.keyword, language });
  };
  if (es) {
    addLanguageWords(SPANISH_OPT_IN, 'opted_in', 'es');
    addLanguageWords(SPANISH_HELP, 'help', 'es');
  }
  if (fr) {
    addLanguageWords(FRENCH_OPT_IN, 'opted_in', 'fr');
    addLanguageWords(FRENCH_HELP, 'help', 'fr');
  }
  const optInCourtesy = alt([...EN_OPT_IN_COURTESY, ...(es ? ['POR FAVOR', 'PORFA', 'GRACIAS'] : []), ...(fr ? ['SVP', 'MERCI', 'S IL VOUS PLAIT'] : [])]);
  const optInHelpAlt = alt([...optInHelpForms.keys()].map(escapeRegex));

  const courtesyTokens = new Set(courtesyList.filter((c) => !c.includes(' ') && c !== 'STP'));

  return {
    languages,
    tier1,
    optOutForms,
    optOutCompact,
    keywordReply: new RegExp(`^(?:${courtesy} )*${keywordAlt}(?: (?:${courtesy}|${keywordAlt}))*$`),
    keywordFinder: new RegExp(`(?:^| )(${keywordAlt})(?= |$)`, 'g'),
    typoTargets: [...optOutCompact].filter(([compact]) => compact.length >= 4).map(([compact, keyword]) => ({ compact, keyword })),
    otherKeywordCompact,
    courtesy,
    courtesyTokens,
    optOutRules: [...ENGLISH_PHRASE_RULES, ...(es ? SPANISH_OPT_OUT_RULES : []), ...(fr ? FRENCH_OPT_OUT_RULES : [])],
    reviewRules: [...ENGLISH_REVIEW_RULES, ...(es ? SPANISH_REVIEW_RULES : []), ...(fr ? FRENCH_REVIEW_RULES : [])],
    optInHelpReply: optInHelpForms.size === 0 ? null : new RegExp(`^(?:${optInCourtesy} )*(${optInHelpAlt})(?: ${optInCourtesy})*$`),
    optInHelpForms,
    esMarkers: es ? ES_MARKERS : null,
    frMarkers: fr ? FR_MARKERS : null,
  };
}

const cache = new Map<string, CompiledSettings>();
const CACHE_LIMIT = 256;

/**
 * Compiles settings once per distinct keyword lists and languages (memoised; no I/O).
 * Settings objects may be rebuilt per request: the cache key is their content.
 */
export function compileSettings(settings: ClassifierSettings): CompiledSettings {
  const key = JSON.stringify([settings.optOutKeywords, settings.optInKeywords, settings.helpKeywords, settings.languages]);
  let compiled = cache.get(key);
  if (compiled === undefined) {
    compiled = compile(settings);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, compiled);
  }
  return compiled;
}
