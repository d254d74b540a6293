import { foldCompatibility, normalizeInboundText } from './normalize-inbound-text.js';

/** The forms of one inbound text that the tier-2 rules read. Built once per message. */
export interface MatchText {
  /** The original text, untouched (only used for the "STOP in capitals inside lower-case text" signal). */
  readonly raw: string;
  /** DESIGN rule 2 form; tier 1 compares this. */
  readonly normalized: string;
  /**
   * The message cut at punctuation, symbols, emoji and line breaks; each clause is upper-case ASCII-ish
   * words (accents folded, apostrophes dropped: "don't" → "DONT", "m'écrivez" → "MECRIVEZ")
   * separated by single spaces.
   */
  readonly clauses: readonly string[];
  /** All clauses joined by single spaces. */
  readonly words: string;
  readonly tokens: readonly string[];
  readonly hasQuestionMark: boolean;
  /** 🛑 ⛔ 🚫 📵 🔕 */
  readonly stopEmoji: boolean;
  /** ✋ 🤚 🖐 */
  readonly handEmoji: boolean;
  /** 🙅 ❌ 🖕 */
  readonly refusalEmoji: boolean;
}

const MARKS = /\p{M}+/gu;
const APOSTROPHES = /['’‘`´ʼ′]/gu;
/** Hyphens, underscores and slashes inside a word join words, they do not end a clause ("OPT-OUT", "text/call"). */
const INNER_JOINER = /(?<=[\p{L}\p{N}])[-‐‑_/](?=[\p{L}\p{N}])/gu;
const CLAUSE_BREAK = /[^\p{L}\p{N}\p{Zs}\t]+/u;
const SPACES = /[\p{Zs}\t]+/gu;
const STOP_EMOJI = /[\u{1F6D1}\u{26D4}\u{1F6AB}\u{1F4F5}\u{1F515}]/u;
const HAND_EMOJI = /[\u{270B}\u{1F91A}\u{1F590}]/u;
const REFUSAL_EMOJI = /[\u{1F645}\u{274C}\u{1F595}]/u;

/** Folds a text for matching: compatibility fold, accents removed, apostrophes dropped, "#" read as NUMBER. */
export function foldForMatching(text: string): string {
  return foldCompatibility(text)
    .normalize('NFD')
    .replace(MARKS, '')
    .replace(APOSTROPHES, '')
    .replace(/#/g, ' NUMBER ')
    .replace(/&/g, ' AND ')
    .replace(INNER_JOINER, ' ');
}

/** Splits a folded text into clause word-forms (see MatchText.clauses). */
export function splitClauses(folded: string): string[] {
  const clauses: string[] = [];
  for (const part of folded.split(CLAUSE_BREAK)) {
    const clause = part.replace(SPACES, ' ').trim();
    if (clause !== '') clauses.push(clause);
  }
  return clauses;
}

/** Builds every form the rules read. Pure; O(length of text). */
export function prepareMatchText(text: string): MatchText {
  const folded = foldForMatching(text);
  const clauses = splitClauses(folded);
  const words = clauses.join(' ');
  return {
    raw: text,
    normalized: normalizeInboundText(text),
    clauses,
    words,
    tokens: words === '' ? [] : words.split(' '),
    hasQuestionMark: /[?¿]/.test(folded),
    stopEmoji: STOP_EMOJI.test(folded),
    handEmoji: HAND_EMOJI.test(folded),
    refusalEmoji: REFUSAL_EMOJI.test(folded),
  };
}
