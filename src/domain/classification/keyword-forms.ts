import type { Language } from './classification-types.js';
import { foldForMatching, splitClauses } from './prepare-match-text.js';

/** The keyword as tier 2 sees it: clause word-form ("OPT-OUT" → "OPT OUT") and letters only ("OPTOUT"). */
export function keywordWordForm(keyword: string): string {
  return splitClauses(foldForMatching(keyword)).join(' ');
}
export function compactForm(words: string): string {
  return words.replace(/ /g, '');
}

/** Opt-out words whose meaning is clear even inside a longer text ("not interested stop"). */
export const BUILT_IN_STRONG_KEYWORDS: readonly string[] = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'OPTOUT', 'OPT OUT', 'REVOKE'];
/** DESIGN keywords that are ordinary words too ("cancel the 2pm", "end of month"): alone they opt out, with extra words they are a review. */
export const WEAK_KEYWORDS: ReadonlySet<string> = new Set(['END', 'CANCEL', 'QUIT']);
/** YES only opts in a number that is opted out (DESIGN rule 2). */
export const CONDITIONAL_OPT_IN_KEYWORDS: ReadonlySet<string> = new Set(['YES']);

/** Language of a listed keyword, by its letters ("ALTO" → es, "ARRÊT" → fr); English otherwise. */
const KEYWORD_LANGUAGE: ReadonlyMap<string, Language> = new Map([
  ...['ALTO', 'PARAR', 'PARE', 'BAJA', 'CANCELAR', 'DETENER', 'AYUDA', 'COMENZAR', 'ALTA', 'DESUSCRIBIR', 'NOMAS'].map((k) => [k, 'es'] as const),
  ...['ARRET', 'ARRETER', 'ARRETEZ', 'AIDE', 'COMMENCER', 'DESABONNER', 'DESINSCRIRE', 'FIN'].map((k) => [k, 'fr'] as const),
]);
export function keywordLanguage(keyword: string, active: ReadonlySet<Language>): Language {
  const language = KEYWORD_LANGUAGE.get(compactForm(keywordWordForm(keyword))) ?? 'en';
  return active.has(language) ? language : 'en';
}
